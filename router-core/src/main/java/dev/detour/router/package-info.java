@NullMarked
package dev.detour.router;

import org.jspecify.annotations.NullMarked;
