package dev.detour.router.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.event.Rerouted;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ATBA over the whole remaining route: fork branches, the path after the join, and routes that fit. */
class BudgetRoutingTest {

    private final ManualClock ticker = new ManualClock();
    private final ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker);

    private Router router(ToolGraph graph) {
        return Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker).build();
    }

    @Test
    void aHangingStepInABranchLeavesItsOwnFallbackAtLeastTheTimeItTook() {
        ToolGraph graph = ToolGraph.builder("research")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Step.tool("web", "web@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("web"))
                .step(Step.tool("papers_a", "papers@a", Map.of(), ToolAnnotations.READ_ONLY).withOutput("papers").inBranch("papers"))
                .step(Step.tool("papers_b", "papers@b", Map.of(), ToolAnnotations.READ_ONLY).withOutput("papers").inBranch("papers"))
                .transition("start", "fork", 0).transition("fork", "web", 0).transition("fork", "papers_a", 1).transition("fork", "papers_b", 2)
                .transition("web", "join", 0).transition("papers_a", "join", 0).transition("papers_b", "join", 0).transition("join", "done", 0)
                .fork("fork", "join", "web", "papers")
                .goal("done")
                .build();
        tools.hanging("papers@a");

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal().withBudget(Duration.ofSeconds(4)));

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        List<ToolCall> calls = tools.calls();
        Duration hang = calls.stream().filter(c -> c.tool().equals("papers@a")).findFirst().orElseThrow().timeout();
        Duration fallback = calls.stream().filter(c -> c.tool().equals("papers@b")).findFirst().orElseThrow().timeout();
        assertThat(fallback).isGreaterThanOrEqualTo(hang);
    }

    @Test
    void theLastProviderStandingInABranchLeavesTimeForTheStepsAfterTheJoin() {
        ToolGraph graph = ToolGraph.builder("brief")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Step.tool("web", "web@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("web"))
                .step(Step.tool("papers", "papers@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("papers"))
                .tool("summarise", "summarise@a", Map.of(), ToolAnnotations.READ_ONLY)
                .transition("start", "fork", 0).transition("fork", "web", 0).transition("fork", "papers", 0)
                .transition("web", "join", 0).transition("papers", "join", 0).transition("join", "summarise", 0).transition("summarise", "done", 0)
                .fork("fork", "join", "web", "papers")
                .goal("done")
                .build();
        tools.hanging("papers@a");

        router(graph).route(RouteRequest.toDefaultGoal().withBudget(Duration.ofSeconds(4)));

        Duration papers = tools.calls().stream().filter(c -> c.tool().equals("papers@a")).findFirst().orElseThrow().timeout();
        assertThat(papers).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void whenTheChosenRouteNoLongerFitsTheBudgetAFasterRouteThatFitsIsTaken() {
        ToolGraph graph = ToolGraph.builder("fit")
                .start("start").waypoint("done")
                .tool("cheap_slow", "search@slow", Map.of(), ToolAnnotations.READ_ONLY)
                .tool("dear_fast", "search@fast", Map.of(), ToolAnnotations.READ_ONLY)
                .transition("start", "cheap_slow", 1).transition("start", "dear_fast", 5)
                .transition("cheap_slow", "done", 0).transition("dear_fast", "done", 0)
                .goal("done")
                .build();
        LatencySketches sketches = new LatencySketches();
        for (int i = 0; i < 20; i++) {
            sketches.record("search@slow", Duration.ofSeconds(3).toNanos());
            sketches.record("search@fast", Duration.ofMillis(100).toNanos());
        }
        Router router = Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker).latencySketches(sketches).build();

        RouteResult result = router.route(RouteRequest.toDefaultGoal().withBudget(Duration.ofSeconds(1)));

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.calledTools()).containsExactly("search@fast");
        assertThat(result.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(Rerouted.class,
                r -> assertThat(r.cause()).isEqualTo(ErrorCategory.BUDGET_EXHAUSTED)));
    }

    @Test
    void theSplitBeforeAForkCountsTheStepsInsideItsBranches() {
        ToolGraph graph = ToolGraph.builder("dag")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .tool("plan", "plan@a", Map.of(), ToolAnnotations.READ_ONLY)
                .step(Step.tool("web", "web@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("web"))
                .step(Step.tool("papers", "papers@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("papers"))
                .step(Step.tool("cite", "cite@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("papers"))
                .transition("start", "plan", 0).transition("plan", "fork", 0)
                .transition("fork", "web", 0).transition("fork", "papers", 0).transition("papers", "cite", 0)
                .transition("web", "join", 0).transition("cite", "join", 0).transition("join", "done", 0)
                .fork("fork", "join", "web", "papers")
                .goal("done")
                .build();

        router(graph).route(RouteRequest.toDefaultGoal().withBudget(Duration.ofSeconds(3)));

        // plan, then the slower branch (papers, cite): a third of the budget each, not the whole of it
        Duration plan = tools.calls().getFirst().timeout();
        assertThat(plan).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
