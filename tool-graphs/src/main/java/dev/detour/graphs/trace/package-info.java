/**
 * Route events as text: {@link dev.detour.graphs.trace.RouteLines} is the one place that words them,
 * for scenario traces, the sidecar's demo and the progress lines an agent hears. The JSON form of the
 * same events is the server's ({@code dev.detour.server.heal.RouteWire}).
 */
@NullMarked
package dev.detour.graphs.trace;

import org.jspecify.annotations.NullMarked;
