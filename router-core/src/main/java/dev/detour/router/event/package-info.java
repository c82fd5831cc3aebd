@NullMarked
package dev.detour.router.event;

import org.jspecify.annotations.NullMarked;
