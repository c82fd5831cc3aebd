@NullMarked
package dev.detour.router.graph;

import org.jspecify.annotations.NullMarked;
