/**
 * Active probes: {@link dev.detour.health.probe.ProbeMonitor} asks a pluggable {@link
 * dev.detour.health.probe.Prober} (the server plugs MCP {@code ping} / {@code tools/list} in) whether
 * each tool is alive.
 */
@NullMarked
package dev.detour.health.probe;

import org.jspecify.annotations.NullMarked;
