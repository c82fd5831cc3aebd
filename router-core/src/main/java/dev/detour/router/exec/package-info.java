@NullMarked
package dev.detour.router.exec;

import org.jspecify.annotations.NullMarked;
