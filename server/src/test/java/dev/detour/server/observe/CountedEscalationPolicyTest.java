package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.spi.EscalationPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code detour_escalation_policy_calls_total}: every consultation, by graph and decision. */
class CountedEscalationPolicyTest {

    static final EscalationRequest REQUEST = new EscalationRequest("research", "report", "found", List.of("sources"), Map.of(), null, "t-1");

    final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aDemotionCountsAsDemote() {
        counted(r -> CompletableFuture.completedFuture(new EscalationDecision.DemoteTo("sources", "enough"))).decide(REQUEST);

        assertThat(count("DEMOTE")).isEqualTo(1);
    }

    @Test
    void anEscalationCountsAsEscalate() {
        counted(r -> CompletableFuture.completedFuture(new EscalationDecision.Escalate("ask a human"))).decide(REQUEST);

        assertThat(count("ESCALATE")).isEqualTo(1);
    }

    @Test
    void aFailedDecisionCountsAsFailed() {
        counted(r -> CompletableFuture.failedFuture(new IllegalStateException("model unreachable"))).decide(REQUEST);

        assertThat(count("FAILED")).isEqualTo(1);
    }

    @Test
    void aPolicyThatThrowsCountsAsFailedAndStillThrows() {
        EscalationPolicy policy = counted(r -> {
            throw new IllegalStateException("model unreachable");
        });

        assertThatThrownBy(() -> policy.decide(REQUEST)).isInstanceOf(IllegalStateException.class);
        assertThat(count("FAILED")).isEqualTo(1);
    }

    @Test
    void aDecisionNotYetMadeIsNotCounted() {
        CompletableFuture<EscalationDecision> pending = new CompletableFuture<>();
        counted(r -> pending).decide(REQUEST);

        assertThat(registry.find(MetricNames.POLICY_CALLS).counters()).isEmpty();
        pending.complete(new EscalationDecision.Escalate("ask a human"));
        assertThat(count("ESCALATE")).isEqualTo(1);
    }

    private EscalationPolicy counted(EscalationPolicy policy) {
        return new CountedEscalationPolicy(policy, registry);
    }

    private double count(String decision) {
        return registry.get(MetricNames.POLICY_CALLS).tag("graph", "research").tag("decision", decision).counter().count();
    }
}
