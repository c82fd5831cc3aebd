package dev.detour.router.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.testing.Graphs;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortestPathRouterTest {

    private final HealthView health = new HealthView();
    private final ShortestPathRouter router = new ShortestPathRouter(Graphs.linearWithAlternatives(), health);

    @Test
    void findsTheCheapestPath() {
        Route route = router.route("start", "done").orElseThrow();

        assertThat(route.vertices()).containsExactly("start", "brave", "fast", "done");
        assertThat(route.cost()).isEqualTo(2.0);
        assertThat(route.tools()).containsExactlyInAnyOrder("search@brave", "summarize@fast");
    }

    @Test
    void aDegradedToolMakesItsPathCostlierNotImpossible() {
        health.set("search@brave", ToolHealth.degraded(4, "slow"));

        assertThat(router.route("start", "done").orElseThrow().vertices()).containsExactly("start", "backup", "fast", "done");

        health.set("search@backup", ToolHealth.degraded(4, "slow"));
        assertThat(router.route("start", "done").orElseThrow().vertices()).containsExactly("start", "brave", "fast", "done");
    }

    @Test
    void anUnavailableToolIsNeverRoutedThrough() {
        health.set("summarize@fast", ToolHealth.unavailable("down"));
        health.set("summarize@slow", ToolHealth.unavailable("down"));

        assertThat(router.route("start", "done")).isEmpty();
        assertThat(router.route("start", "notified")).isPresent();
    }

    @Test
    void excludedToolsCountAsUnavailableForThatQueryOnly() {
        assertThat(router.route("start", "done", null, Set.of("search@brave")).orElseThrow().vertices())
                .containsExactly("start", "backup", "fast", "done");
        assertThat(router.route("start", "done").orElseThrow().vertices()).containsExactly("start", "brave", "fast", "done");
    }

    @Test
    void equalCostAlternativesResolveByDeclarationOrder() {
        ToolGraph tie = ToolGraph.builder("tie")
                .start("start")
                .step(Graphs.readOnly("first", "t@1", "t", Map.of()))
                .step(Graphs.readOnly("second", "t@2", "t", Map.of()))
                .waypoint("done")
                .transition("start", "first", 1).transition("start", "second", 1)
                .transition("first", "done", 0).transition("second", "done", 0)
                .goal("done")
                .build();

        for (int i = 0; i < 5; i++) {
            assertThat(new ShortestPathRouter(tie, new HealthView()).route("start", "done").orElseThrow().vertices())
                    .containsExactly("start", "first", "done");
        }
    }

    @Test
    void aRepeatedQueryIsAnsweredFromTheCache() {
        router.route("start", "done");
        router.route("start", "done");

        assertThat(router.stats()).isEqualTo(new ShortestPathRouter.Stats(1, 0, 1));
    }

    @Test
    void aToolOffTheRouteGettingWorseNeedsNoRecomputation() {
        router.route("start", "done");

        health.set("search@backup", ToolHealth.unavailable("down"));
        Route route = router.route("start", "done").orElseThrow();

        assertThat(route.vertices()).containsExactly("start", "brave", "fast", "done");
        assertThat(router.stats().revalidated()).isEqualTo(1);
        assertThat(router.stats().computed()).isEqualTo(1);
    }

    @Test
    void aToolOnTheRouteGettingWorseForcesRecomputation() {
        router.route("start", "done");

        health.set("summarize@fast", ToolHealth.unavailable("down"));

        assertThat(router.route("start", "done").orElseThrow().vertices()).containsExactly("start", "brave", "slow", "done");
        assertThat(router.stats().computed()).isEqualTo(2);
    }

    @Test
    void aToolRecoveringForcesRecomputationSoTheCheaperPathComesBack() {
        health.set("search@brave", ToolHealth.unavailable("down"));
        assertThat(router.route("start", "done").orElseThrow().vertices()).contains("backup");

        health.set("search@brave", ToolHealth.healthy());

        assertThat(router.route("start", "done").orElseThrow().vertices()).contains("brave");
    }

    @Test
    void anInfeasibleAnswerStaysCachedUntilSomethingRecovers() {
        health.set("summarize@fast", ToolHealth.unavailable("down"));
        health.set("summarize@slow", ToolHealth.unavailable("down"));
        assertThat(router.route("start", "done")).isEmpty();

        health.set("search@backup", ToolHealth.unavailable("down"));
        assertThat(router.route("start", "done")).isEmpty();
        assertThat(router.stats().revalidated()).isEqualTo(1);

        health.set("summarize@slow", ToolHealth.healthy());
        assertThat(router.route("start", "done")).isPresent();
    }

    @Test
    void aForkRegionCostsTheSumOfItsBranchesAndCountsTheirTools() {
        ShortestPathRouter fan = new ShortestPathRouter(Graphs.fanOut(), health);

        Route route = fan.route("start", "done").orElseThrow();

        assertThat(route.vertices()).containsExactly("start", "fork", "join", "compare", "done");
        assertThat(route.cost()).isEqualTo(3.0);
        assertThat(route.tools()).containsExactlyInAnyOrder("price@eu-a", "price@us-a", "compare@main");
        assertThat(fan.route("fork", "join", "eu", Set.of("price@eu-a")).orElseThrow().vertices()).containsExactly("fork", "eu-b", "join");
    }
}
