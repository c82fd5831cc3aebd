package dev.detour.router.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinearPipelineTest {

    private final ManualClock ticker = new ManualClock();
    private final ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker);

    private Router router(ToolGraph graph) {
        return Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker).build();
    }

    @Test
    void takesTheCheapestPathWhenEverythingIsHealthy() {
        RouteResult result = router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(result.trail()).containsExactly("start", "brave", "fast", "done");
        assertThat(tools.calledTools()).containsExactly("search@brave", "summarize@fast");
    }

    @Test
    void feedsEarlierOutputsIntoLaterArguments() {
        tools.answering("search@brave", Map.of("hits", List.of("a", "b")));

        router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(tools.calls().get(0).arguments()).isEqualTo(Map.of("q", "mcp"));
        assertThat(tools.calls().get(1).arguments()).isEqualTo(Map.of("text", Map.of("hits", List.of("a", "b"))));
    }

    @Test
    void reroutesAroundAFailedStepFromTheLastGoodVertex() {
        tools.failing("summarize@fast", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(result.trail()).containsExactly("start", "brave", "slow", "done");
        Rerouted rerouted = only(result.events(), Rerouted.class);
        assertThat(rerouted.failedStep()).isEqualTo("fast");
        assertThat(rerouted.from()).isEqualTo("brave");
        assertThat(rerouted.newPath()).containsExactly("brave", "slow", "done");
        assertThat(rerouted.cause()).isEqualTo(ErrorCategory.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void backtracksToAnEarlierVertexWhenTheLastGoodOneHasNoWayOn() {
        ToolGraph graph = ToolGraph.builder("backtrack")
                .start("start")
                .step(Graphs.readOnly("x1", "x@1", "x", Map.of()))
                .step(Graphs.readOnly("y1", "y@1", "y", Map.of()))
                .step(Graphs.readOnly("x2", "x@2", "x", Map.of()))
                .step(Graphs.readOnly("y2", "y@2", "y", Map.of()))
                .waypoint("done")
                .transition("start", "x1", 1).transition("x1", "y1", 1).transition("y1", "done", 0)
                .transition("start", "x2", 5).transition("x2", "y2", 5).transition("y2", "done", 0)
                .goal("done")
                .build();
        tools.failing("y@1", ErrorCategory.TIMEOUT);

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(result.trail()).containsExactly("start", "x1", "x2", "y2", "done");
        assertThat(only(result.events(), Rerouted.class).from()).isEqualTo("start");
    }

    @Test
    void demotesAlongTheLadderWithoutAskingThePolicy() {
        tools.failingAll(java.util.Set.of("summarize@fast", "summarize@slow"));
        AtomicInteger policyCalls = new AtomicInteger();
        Router router = Router.builder(Graphs.linearWithAlternatives()).invoker(tools).ticker(ticker).clock(ticker)
                .escalationPolicy(r -> {
                    policyCalls.incrementAndGet();
                    return CompletableFuture.completedFuture(new EscalationDecision.Escalate("no"));
                })
                .build();

        RouteResult result = router.route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.status()).isEqualTo(RouteResult.Status.DEMOTED);
        assertThat(result.reachedGoal()).isEqualTo("notified");
        assertThat(policyCalls).hasValue(0);
        Demoted demoted = only(result.events(), Demoted.class);
        assertThat(demoted.decidedBy()).isEqualTo(Demoted.DecidedBy.LADDER);
        assertThat(demoted.failedStep()).isEqualTo("slow");
    }

    @Test
    void asksThePolicyOnlyWhenTheLadderCannotHelpAndObeysAValidDemotion() {
        ToolGraph graph = Graphs.twoGoals();
        tools.failing("a@1", ErrorCategory.INTERNAL);
        AtomicInteger policyCalls = new AtomicInteger();
        Router router = Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker)
                .escalationPolicy(r -> {
                    policyCalls.incrementAndGet();
                    assertThat(r.reachableGoals()).containsExactly("partial");
                    return CompletableFuture.completedFuture(new EscalationDecision.DemoteTo("partial", "better than nothing"));
                })
                .build();

        RouteResult result = router.route(RouteRequest.toDefaultGoal());

        assertThat(policyCalls).hasValue(1);
        assertThat(result.status()).isEqualTo(RouteResult.Status.DEMOTED);
        assertThat(only(result.events(), Demoted.class).decidedBy()).isEqualTo(Demoted.DecidedBy.POLICY);
    }

    @Test
    void thePolicyIsToldWhichStepsFailedAndWhy() {
        ToolGraph graph = Graphs.twoGoals();
        tools.failing("a@1", ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "vendor incident", SideEffects.NONE));
        List<StepFailed> told = new java.util.ArrayList<>();
        Router router = Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker)
                .escalationPolicy(r -> {
                    told.addAll(r.failedSteps());
                    return CompletableFuture.completedFuture(new EscalationDecision.Escalate("no"));
                })
                .build();

        router.route(RouteRequest.toDefaultGoal());

        assertThat(told).singleElement().satisfies(f -> {
            assertThat(f.step()).isEqualTo("a");
            assertThat(f.tool()).isEqualTo("a@1");
            assertThat(f.error().category()).isEqualTo(ErrorCategory.UPSTREAM_UNAVAILABLE);
            assertThat(f.error().message()).isEqualTo("vendor incident");
        });
    }

    @Test
    void escalatesWhenThePolicyPicksAnUnreachableGoal() {
        ToolGraph graph = Graphs.twoGoals();
        tools.failing("a@1", ErrorCategory.INTERNAL);
        Router router = Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker)
                .escalationPolicy(r -> CompletableFuture.completedFuture(new EscalationDecision.DemoteTo("full", "hallucinated")))
                .build();

        RouteResult result = router.route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(only(result.events(), Escalated.class).reason()).contains("not one of the reachable goals");
    }

    @Test
    void escalatesExplicitlyWithNoRouteWhenNothingIsLeft() {
        tools.failingAll(java.util.Set.of("search@brave", "search@backup"));

        RouteResult result = router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(result.error().category()).isEqualTo(ErrorCategory.NO_ROUTE);
        assertThat(result.error().action()).isEqualTo(RecoveryAction.ESCALATE);
        assertThat(result.events()).filteredOn(StepFailed.class::isInstance).hasSize(2);
    }

    @Test
    void neverReroutesAStepThatMayHaveHadAnEffect() {
        ToolGraph graph = payments();
        tools.failing("pay@a", ToolError.of(ErrorCategory.TIMEOUT, "no answer", SideEffects.UNKNOWN));

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(tools.callsTo("pay@b")).isZero();
        assertThat(result.error().sideEffects()).isEqualTo(SideEffects.UNKNOWN);
        assertThat(only(result.events(), Escalated.class).reason()).contains("not rerouted");
    }

    @Test
    void reroutesANonIdempotentStepWhoseCallNeverTookEffect() {
        ToolGraph graph = payments();
        tools.failing("pay@a", ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "connection refused", SideEffects.NONE));

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.callsTo("pay@b")).isOne();
    }

    @Test
    void escalatesArgumentErrorsInsteadOfReroutingThem() {
        tools.failing("search@brave", ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "q is required", SideEffects.NONE));

        RouteResult result = router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(result.error().action()).isEqualTo(RecoveryAction.FIX_ARGUMENTS);
        assertThat(tools.callsTo("search@backup")).isZero();
    }

    @Test
    void avoidsToolsTheHealthViewMarksUnavailableBeforeCallingThem() {
        Router router = router(Graphs.linearWithAlternatives());
        router.health().set("search@brave", ToolHealth.unavailable("vendor incident"));

        RouteResult result = router.route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.trail()).containsExactly("start", "backup", "fast", "done");
        assertThat(tools.callsTo("search@brave")).isZero();
        assertThat(result.events()).noneMatch(StepFailed.class::isInstance);
    }

    @Test
    void turnsAnInvokerExceptionIntoAClassifiedFailure() {
        tools.scripted("search@brave", call -> {
            throw new IllegalStateException("boom");
        });

        RouteResult result = router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")));

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(only(result.events(), StepFailed.class).error().category()).isEqualTo(ErrorCategory.INTERNAL);
    }

    @Test
    void failsFastWithBudgetExhaustedWhenTheRemainingPathCannotFit() {
        Router router = router(Graphs.linearWithAlternatives());

        RouteResult result = router.route(RouteRequest.to("done", Map.of("topic", "mcp")).withBudget(java.time.Duration.ofMillis(60)));

        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(result.error().category()).isEqualTo(ErrorCategory.BUDGET_EXHAUSTED);
        assertThat(tools.calls()).isEmpty();
    }

    @Test
    void aHangingLastStepLeavesTimeForItsAlternative() {
        tools.hanging("summarize@fast");

        RouteResult result = router(Graphs.linearWithAlternatives())
                .route(RouteRequest.to("done", Map.of("topic", "mcp")).withBudget(java.time.Duration.ofSeconds(4)));

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(result.trail()).containsExactly("start", "brave", "slow", "done");
        assertThat(windowsOf("summarize@fast")).singleElement().matches(w -> w.compareTo(java.time.Duration.ofSeconds(3)) < 0);
    }

    @Test
    void theLastProviderStandingGetsTheWholeShareInsteadOfAReserveForNobody() {
        tools.hanging("search@brave").hanging("search@backup");

        router(Graphs.linearWithAlternatives()).route(RouteRequest.to("done", Map.of("topic", "mcp")).withBudget(java.time.Duration.ofSeconds(6)));

        // both tools unseen (1 s expected each). brave has backup beside it: 6 s split in three shares, one kept
        // back. backup is the last search provider: 4 s left split in two shares, none kept back (else 1.33 s)
        assertThat(windowsOf("search@brave")).containsExactly(java.time.Duration.ofSeconds(2));
        assertThat(windowsOf("search@backup")).containsExactly(java.time.Duration.ofSeconds(2));
    }

    private List<java.time.Duration> windowsOf(String tool) {
        return tools.calls().stream().filter(c -> c.tool().equals(tool)).map(dev.detour.router.exec.ToolCall::timeout).toList();
    }

    /** Two interchangeable payment providers whose tools carry no annotations: neither safe to repeat. */
    private static ToolGraph payments() {
        return ToolGraph.builder("payments")
                .start("start")
                .step(Step.tool("pay-a", "pay@a", Map.of(), ToolAnnotations.UNKNOWN).withOutput("payment"))
                .step(Step.tool("pay-b", "pay@b", Map.of(), ToolAnnotations.UNKNOWN).withOutput("payment"))
                .waypoint("paid")
                .transition("start", "pay-a", 1).transition("start", "pay-b", 2)
                .transition("pay-a", "paid", 0).transition("pay-b", "paid", 0)
                .goal("paid")
                .build();
    }

    static <E extends RouteEvent> E only(List<RouteEvent> events, Class<E> type) {
        List<E> matching = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("events of type %s in %s", type.getSimpleName(), events).hasSize(1);
        return matching.getFirst();
    }
}
