@NullMarked
package dev.detour.router.health;

import org.jspecify.annotations.NullMarked;
