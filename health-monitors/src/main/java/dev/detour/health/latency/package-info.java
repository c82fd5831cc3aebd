/**
 * Latency SLOs: {@link dev.detour.health.latency.LatencySloMonitor} makes tools that break their SLO
 * costlier (a finite penalty, never +∞).
 */
@NullMarked
package dev.detour.health.latency;

import org.jspecify.annotations.NullMarked;
