package dev.detour.bench.jmh;

import dev.detour.bench.graphs.GeneratedGraphs;
import dev.detour.bench.reroute.Failure;
import dev.detour.bench.reroute.JGraphTReference;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jgrapht.GraphPath;
import org.jgrapht.graph.DefaultWeightedEdge;
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
 * Time to recompute a route after one tool fails (DESIGN.md "Targets": ≤ 50 µs / ≤ 2 ms / ≤ 20 ms
 * at 1k / 10k / 100k vertices; stretch ≤ 2 ms at 100k for a local failure), three ways on the same
 * generated graph:
 *
 * <ul>
 *   <li>{@link #detourExclusion}: {@code ShortestPathRouter.route} with the failed tool excluded,
 *       what {@code RouteExecutor} asks right after a step fails;</li>
 *   <li>{@link #detourHealthView}: the change reported to the {@code HealthView}, then the cached
 *       route asked for again: revalidation finds the route touched and recomputes it. Calls
 *       alternate between the tool failing and recovering (a recovery recomputes too), so no
 *       per-call setup is needed: a per-invocation fixture that recomputed the route before each
 *       call doubled the garbage and let its GC pauses land in the measured calls;</li>
 *   <li>{@link #jgrapht}: JGraphT's {@code DijkstraShortestPath} over an {@code AsWeightedGraph} of
 *       the model with the same effective weights and the failed tool excluded (on FANOUT and DAG
 *       graphs it routes the flattened model: see {@link JGraphTReference}).</li>
 * </ul>
 *
 * Every variant returns the complete answer (the path and, for Detour, the set of tools it relies
 * on), so materialising it is part of the time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RerouteBenchmark {

    /** Graph seed: every run measures the same graphs and failures. */
    static final long SEED = 20_260_301L;

    @Param({"1000", "10000", "100000"})
    int vertices;

    @Param({"LINEAR", "FANOUT", "DAG"})
    Topology topology;

    @Param({"LOCAL", "RANDOM"})
    Failure.Kind failure;

    ToolGraph graph;
    HealthView health;
    ShortestPathRouter router;
    Failure failed;
    Set<String> excluded;
    JGraphTReference reference;
    final ToolHealth down = ToolHealth.unavailable("benchmark failure");
    boolean failedNow;

    @Setup(Level.Trial)
    public void buildGraph() {
        graph = GeneratedGraphs.generate(topology, vertices, SEED);
        health = new HealthView();
        router = new ShortestPathRouter(graph, health);
        failed = Failure.pick(router, failure, new Random(SEED));
        excluded = Set.of(failed.tool());
        reference = new JGraphTReference(graph, tool -> excluded.contains(tool) ? down : health.health(tool));
        Route rerouted = detourExclusion().orElseThrow(() -> new IllegalStateException("no reroute around " + failed));
        if (rerouted.tools().contains(failed.tool())) {
            throw new IllegalStateException("the reroute still uses " + failed);
        }
    }

    @Benchmark
    public Optional<Route> detourExclusion() {
        return router.route(failed.source(), failed.target(), null, excluded);
    }

    @Benchmark
    public Optional<Route> detourHealthView() {
        failedNow = !failedNow;
        health.set(failed.tool(), failedNow ? down : ToolHealth.healthy());
        return router.route(failed.source(), failed.target());
    }

    @Benchmark
    public GraphPath<String, DefaultWeightedEdge> jgrapht() {
        return reference.path(failed.source(), failed.target());
    }

}
