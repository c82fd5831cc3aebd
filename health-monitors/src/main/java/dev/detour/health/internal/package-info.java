/** Implementation details of the health-monitors module; not API. */
@NullMarked
package dev.detour.health.internal;

import org.jspecify.annotations.NullMarked;
