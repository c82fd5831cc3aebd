@NullMarked
package dev.detour.router.internal;

import org.jspecify.annotations.NullMarked;
