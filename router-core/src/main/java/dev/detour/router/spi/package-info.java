@NullMarked
package dev.detour.router.spi;

import org.jspecify.annotations.NullMarked;
