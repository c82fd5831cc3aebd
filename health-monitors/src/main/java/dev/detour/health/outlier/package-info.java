/**
 * Envoy-style outlier ejection among the interchangeable providers of a capability: {@link
 * dev.detour.health.outlier.OutlierMonitor} and its {@link dev.detour.health.outlier.OutlierConfig}.
 */
@NullMarked
package dev.detour.health.outlier;

import org.jspecify.annotations.NullMarked;
