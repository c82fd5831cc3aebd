@NullMarked
package dev.detour.router.time;

import org.jspecify.annotations.NullMarked;
