/**
 * Latency SLOs: {@link dev.detour.health.latency.LatencySloMonitor} makes tools that break their SLO
 * costlier (a finite penalty, never +∞).
 */
package dev.detour.health.latency;
