@NullMarked
package dev.detour.router.error;

import org.jspecify.annotations.NullMarked;
