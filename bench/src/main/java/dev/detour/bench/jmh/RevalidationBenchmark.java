package dev.detour.bench.jmh;

import dev.detour.bench.graphs.GeneratedGraphs;
import dev.detour.bench.reroute.Failure;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reroute that does not happen: a tool the current route does not use gets worse, and the
 * cached route from start to goal is revalidated against the health change log instead of
 * recomputed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RevalidationBenchmark {

    @Param({"1000", "10000", "100000"})
    int vertices;

    @Param({"LINEAR", "FANOUT", "DAG"})
    Topology topology;

    HealthView health;
    ShortestPathRouter router;
    String offRoute;
    double penalty = 1;

    @Setup(Level.Trial)
    public void buildGraph() {
        ToolGraph graph = GeneratedGraphs.generate(topology, vertices, RerouteBenchmark.SEED);
        health = new HealthView();
        router = new ShortestPathRouter(graph, health);
        offRoute = Failure.offRouteTool(router, new Random(RerouteBenchmark.SEED));
        router.route(GeneratedGraphs.START, GeneratedGraphs.GOAL);
        long computed = router.stats().computed();
        offRouteToolWorsens();
        if (router.stats().computed() != computed) {
            throw new IllegalStateException("a change off the route recomputed the route on " + graph);
        }
    }

    /**
     * The off-route tool gets worse on every call (degraded by a growing penalty), so each call is a
     * real health change with no recovery in between: a recovery would force a recomputation.
     * Revalidation reads only the change's tool and direction, so this costs what a failure costs.
     */
    @Benchmark
    public Optional<Route> offRouteToolWorsens() {
        health.set(offRoute, ToolHealth.degraded(++penalty, "benchmark slowdown"));
        return router.route(GeneratedGraphs.START, GeneratedGraphs.GOAL);
    }
}
