package dev.detour.server.heal;

import dev.detour.router.RouteResult;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.RouteListener;
import java.time.Duration;

/**
 * Watches every healing tool's calls knowing which tool they belong to — what a plain {@link
 * RouteListener} cannot tell, since route events do not carry the graph's name (metrics label them
 * by it). {@link SharedRouting} asks for one listener per healing tool it builds a router for (at
 * start and on every reload) and reports how each call ended.
 *
 * <p>Same threading rules as {@link RouteListener}: fast, non-blocking, thread-safe.
 */
public interface HealingObserver {

    /**
     * The listener for the route events of the healing tool that routes over {@code graph}.
     *
     * @param graph the graph as routed; its {@linkplain ToolGraph#name() name} is the healing tool's name
     */
    RouteListener listenerFor(ToolGraph graph);

    /**
     * A call of healing tool {@code tool} ended. A call the agent cancelled does not end and is not
     * reported.
     *
     * @param elapsed from the call's start to its result, on the routing ticker
     */
    void onCallEnded(String tool, RouteResult result, Duration elapsed);
}
