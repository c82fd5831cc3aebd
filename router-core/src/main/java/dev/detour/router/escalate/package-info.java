@NullMarked
package dev.detour.router.escalate;

import org.jspecify.annotations.NullMarked;
