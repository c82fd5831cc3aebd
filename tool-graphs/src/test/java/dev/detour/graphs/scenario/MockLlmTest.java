package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.time.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockLlmTest {

    private final ToolGraph graph = GraphLoader.load(Source.classpath("graphs/dag/research-report.yaml")).graph();
    private final ManualClock clock = new ManualClock();
    private final MockLlm llm = new MockLlm(graph, clock);

    private EscalationDecision decide(String goal, List<String> reachable) {
        return llm.decide(new EscalationRequest(graph.name(), goal, "analyzed", reachable, Map.of(), null, "t")).toCompletableFuture().join();
    }

    @Test
    void choosesTheBestLesserGoalStillReachable() {
        assertThat(decide("full_report", List.of("reading_list", "summary"))).isEqualTo(
                new EscalationDecision.DemoteTo("summary", "'summary' is the best lesser goal still reachable"));
    }

    @Test
    void neverChoosesAGreaterGoal() {
        assertThat(decide("summary", List.of("full_report"))).isInstanceOf(EscalationDecision.Escalate.class);
    }

    @Test
    void countsEveryCallAndLetsItsLatencyPass() {
        decide("full_report", List.of("reading_list"));
        decide("summary", List.of("reading_list"));
        assertThat(llm.calls()).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(MockLlm.DEFAULT_LATENCY.multipliedBy(2));
    }
}
