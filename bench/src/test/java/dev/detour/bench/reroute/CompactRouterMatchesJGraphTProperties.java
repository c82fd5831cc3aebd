package dev.detour.bench.reroute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.bench.graphs.GeneratedGraphs;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.jgrapht.GraphPath;
import org.jgrapht.graph.DefaultWeightedEdge;

/**
 * The compact router the benchmarks time answers exactly what the JGraphT reference answers, on
 * the benchmark's own generated LINEAR graphs (about 200 vertices, zero-cost edges included)
 * under random health snapshots.
 */
class CompactRouterMatchesJGraphTProperties {

    private static final int VERTICES = 200;

    @Property(tries = 200)
    void routeCostEqualsJGraphTDijkstraCost(@ForAll long graphSeed, @ForAll long healthSeed) {
        ToolGraph graph = GeneratedGraphs.generate(Topology.LINEAR, VERTICES, graphSeed);
        HealthView health = randomSnapshot(graph, new Random(healthSeed));
        Optional<Route> compact = new ShortestPathRouter(graph, health).route(GeneratedGraphs.START, GeneratedGraphs.GOAL);
        GraphPath<String, DefaultWeightedEdge> reference = new JGraphTReference(graph, health::health)
                .path(GeneratedGraphs.START, GeneratedGraphs.GOAL);

        assertThat(compact.isPresent()).as("compact router finds a route").isEqualTo(reference != null);
        compact.ifPresent(route -> assertThat(route.cost()).isEqualTo(reference.getWeight()));
        Statistics.label("feasible").collect(compact.isPresent());
        Statistics.label("feasible").coverage(coverage -> coverage.check(true).percentage(p -> p > 20));
    }

    @Property(tries = 200)
    void routeNeverRunsAnUnavailableTool(@ForAll long graphSeed, @ForAll long healthSeed) {
        ToolGraph graph = GeneratedGraphs.generate(Topology.LINEAR, VERTICES, graphSeed);
        HealthView health = randomSnapshot(graph, new Random(healthSeed));
        Optional<Route> compact = new ShortestPathRouter(graph, health).route(GeneratedGraphs.START, GeneratedGraphs.GOAL);

        compact.ifPresent(route -> assertThat(route.tools())
                .noneMatch(tool -> health.health(tool) instanceof ToolHealth.Unavailable));
    }

    /**
     * Each tool healthy (70 %), degraded by a whole-number penalty of 1–10 (15 %; whole numbers keep
     * path sums exact) or unavailable (15 %): about half of the graphs have no feasible route.
     */
    private static HealthView randomSnapshot(ToolGraph graph, Random random) {
        HealthView health = new HealthView();
        for (String tool : graph.tools()) {
            double draw = random.nextDouble();
            if (draw < 0.15) {
                health.set(tool, ToolHealth.unavailable("random snapshot"));
            } else if (draw < 0.30) {
                health.set(tool, ToolHealth.degraded(1 + random.nextInt(10), "random snapshot"));
            }
        }
        return health;
    }
}
