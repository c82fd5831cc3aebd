package dev.detour.router.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.EdgeWeights;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import dev.detour.router.testing.RandomGraphs;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.DefaultWeightedEdge;

/** The compact router against JGraphT's Dijkstra, the reference implementation. */
class OracleProperties {

    @Property(tries = 500)
    void compactRouterCostEqualsJGraphTDijkstraOnLinearGraphs(@ForAll @LongRange(max = 1_000_000) long seed) {
        ToolGraph graph = RandomGraphs.generate(seed, Topology.LINEAR);
        HealthView health = randomHealth(graph, seed);

        Optional<Route> ours = new ShortestPathRouter(graph, health).route(graph.start(), "done");
        GraphPath<String, DefaultWeightedEdge> reference = jgrapht(graph, health, graph.steps().keySet());

        assertThat(ours.isPresent()).as("feasibility").isEqualTo(reference != null);
        ours.ifPresent(r -> {
            assertThat(r.cost()).isCloseTo(reference.getWeight(), within(1e-9));
            assertThat(r.vertices()).first().isEqualTo(graph.start());
            assertThat(r.vertices()).last().isEqualTo("done");
            assertThat(r.tools()).noneMatch(t -> health.health(t) instanceof ToolHealth.Unavailable);
        });
    }

    @Property(tries = 300)
    void eachBranchRouteEqualsJGraphTDijkstraOnThatBranch(@ForAll @LongRange(max = 1_000_000) long seed, @ForAll boolean dag) {
        ToolGraph graph = RandomGraphs.generate(seed, dag ? Topology.DAG : Topology.FANOUT);
        HealthView health = randomHealth(graph, seed);
        ShortestPathRouter router = new ShortestPathRouter(graph, health);

        graph.forks().values().forEach(fork -> fork.branches().forEach(branch -> {
            Set<String> vertices = graph.steps().values().stream()
                    .filter(s -> branch.equals(s.branch()) || s.id().equals(fork.fork()) || s.id().equals(fork.join()))
                    .map(dev.detour.router.graph.Step::id).collect(Collectors.toSet());
            Optional<Route> ours = router.route(fork.fork(), fork.join(), branch, Set.of());
            GraphPath<String, DefaultWeightedEdge> reference = jgraphtBetween(graph, health, vertices, fork.fork(), fork.join());

            assertThat(ours.isPresent()).as("feasibility of branch %s", branch).isEqualTo(reference != null);
            ours.ifPresent(r -> assertThat(r.cost()).isCloseTo(reference.getWeight(), within(1e-9)));
        }));
    }

    private static HealthView randomHealth(ToolGraph graph, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        HealthView health = new HealthView();
        for (String tool : graph.tools()) {
            switch (random.nextInt(6)) {
                case 0 -> health.set(tool, ToolHealth.unavailable("down"));
                case 1 -> health.set(tool, ToolHealth.degraded(1 + random.nextInt(4), "slow"));
                default -> { }
            }
        }
        return health;
    }

    private static GraphPath<String, DefaultWeightedEdge> jgrapht(ToolGraph graph, HealthView health, Set<String> vertices) {
        return jgraphtBetween(graph, health, vertices, graph.start(), "done");
    }

    private static GraphPath<String, DefaultWeightedEdge> jgraphtBetween(
            ToolGraph graph, HealthView health, Set<String> vertices, String from, String to) {
        var model = graph.model();
        var weighted = new AsWeightedGraph<>(new AsSubgraph<>(model, vertices), edge -> {
            String target = model.getEdgeTarget(edge);
            var step = graph.step(target).orElseThrow();
            double base = model.getEdgeWeight(edge);
            return step.invokesTool() ? EdgeWeights.effective(base, health.health(step.tool())) : base;
        }, true, false);
        return new DijkstraShortestPath<>(weighted).getPath(from, to);
    }
}
