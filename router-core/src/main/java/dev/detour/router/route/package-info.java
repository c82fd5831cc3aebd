@NullMarked
package dev.detour.router.route;

import org.jspecify.annotations.NullMarked;
