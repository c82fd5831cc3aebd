package dev.detour.bench.reroute;

import dev.detour.bench.graphs.GeneratedGraphs;
import dev.detour.router.graph.Fork;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One tool failing while a route is in use, and where the reroute starts: the question a reroute
 * benchmark asks the router.
 *
 * @param tool   the tool that fails
 * @param source the vertex the reroute starts from
 * @param target the vertex it routes to
 */
public record Failure(String tool, String source, String target) {

    /** Where on the current best route the failing tool sits. */
    public enum Kind {
        /**
         * The last tool step before the goal fails; the reroute starts at the vertex before it (the
         * last good vertex, where {@code RouteExecutor} reroutes from): a localised repair.
         */
        LOCAL,
        /**
         * A tool step drawn uniformly from every step the route runs (inside fork regions too)
         * fails; the whole route is recomputed from the start: the worst case.
         */
        RANDOM
    }

    /**
     * Picks a failure of {@code kind} on the current best route from start to goal of the router's
     * graph, with every tool healthy.
     */
    public static Failure pick(ShortestPathRouter router, Kind kind, Random random) {
        List<OnRoute> steps = new ArrayList<>();
        collect(router, GeneratedGraphs.START, GeneratedGraphs.GOAL, null, steps);
        return switch (kind) {
            case LOCAL -> {
                OnRoute last = steps.stream().filter(s -> s.branch == null).reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalStateException("no tool step outside fork regions on the route"));
                yield new Failure(last.tool, last.predecessor, GeneratedGraphs.GOAL);
            }
            case RANDOM -> new Failure(steps.get(random.nextInt(steps.size())).tool, GeneratedGraphs.START, GeneratedGraphs.GOAL);
        };
    }

    /** A tool that the current best route from start to goal does not use (nor any of its branches). */
    public static String offRouteTool(ShortestPathRouter router, Random random) {
        Route route = router.route(GeneratedGraphs.START, GeneratedGraphs.GOAL).orElseThrow();
        List<String> off = router.graph().tools().stream().filter(t -> !route.tools().contains(t)).toList();
        if (off.isEmpty()) {
            throw new IllegalStateException("every tool of " + router.graph() + " is on the route");
        }
        return off.get(random.nextInt(off.size()));
    }

    private static void collect(ShortestPathRouter router, String from, String to, String branch, List<OnRoute> into) {
        ToolGraph graph = router.graph();
        List<String> vertices = router.route(from, to, branch, Set.of()).orElseThrow().vertices();
        for (int i = 1; i < vertices.size(); i++) {
            Step step = graph.step(vertices.get(i)).orElseThrow();
            if (step.invokesTool()) {
                into.add(new OnRoute(step.tool(), vertices.get(i - 1), branch));
            }
            Fork fork = graph.forks().get(step.id());
            if (fork != null && i < vertices.size() - 1) {
                for (String inner : fork.branches()) {
                    collect(router, fork.fork(), fork.join(), inner, into);
                }
            }
        }
    }

    private record OnRoute(String tool, String predecessor, String branch) {
    }
}
