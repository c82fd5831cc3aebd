package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MockToolInvokerTest {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private final ToolGraph graph = GraphLoader.load(Source.classpath("graphs/fanout/price-lookup.yaml")).graph();
    private final ManualClock clock = new ManualClock();

    private MockToolInvoker invoker(Fault... faults) {
        return new MockToolInvoker(graph, new MockTools(graph, List.of(faults)), clock);
    }

    private CompletableFuture<ToolOutcome> call(MockToolInvoker invoker, String stepId) {
        Step step = graph.step(stepId).orElseThrow();
        return invoker.invoke(new ToolCall("t", step.id(), step.tool(), Map.of(), step.annotations(), WINDOW)).toCompletableFuture();
    }

    private static Fault latency(String tool, Duration latency) {
        return new Fault(tool, 1, 0, Fault.Kind.LATENCY, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.UNKNOWN, latency);
    }

    @Test
    void aCallCompletesOnlyOnceItsSimulatedLatencyHasPassed() {
        CompletableFuture<ToolOutcome> outcome = call(invoker(), "amazon_paapi");

        assertThat(outcome).isNotDone();
        clock.runUntil(outcome);
        assertThat(outcome.join()).isInstanceOf(ToolOutcome.Success.class);
        assertThat(clock.elapsed()).isEqualTo(MockTools.DEFAULT_LATENCY);
    }

    @Test
    void callsInFlightTogetherOverlapSoTheyTakeAsLongAsTheSlowest() {
        MockToolInvoker invoker = invoker(latency("amazon.paapi", Duration.ofSeconds(2)), latency("ebay.browse", Duration.ofSeconds(3)));
        CompletableFuture<ToolOutcome> amazon = call(invoker, "amazon_paapi");
        CompletableFuture<ToolOutcome> ebay = call(invoker, "ebay_browse");

        clock.runUntil(CompletableFuture.allOf(amazon, ebay));

        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aHangingCallFailsWithATimeoutAtItsWindowInSimulatedTime() {
        Fault hang = new Fault("amazon.paapi", 1, 0, Fault.Kind.HANG, ErrorCategory.UPSTREAM_UNAVAILABLE, SideEffects.UNKNOWN, null);
        CompletableFuture<ToolOutcome> outcome = call(invoker(hang), "amazon_paapi");

        clock.runUntil(outcome);

        ToolOutcome.Failure failure = (ToolOutcome.Failure) outcome.join();
        assertThat(failure.error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(failure.error().sideEffects()).isEqualTo(SideEffects.UNKNOWN);
        assertThat(clock.elapsed()).isEqualTo(WINDOW);
    }
}
