@NullMarked
package dev.detour.router.budget;

import org.jspecify.annotations.NullMarked;
