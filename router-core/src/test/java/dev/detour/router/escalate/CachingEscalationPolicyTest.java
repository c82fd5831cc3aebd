package dev.detour.router.escalate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.health.ToolHealth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingEscalationPolicyTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final CachingEscalationPolicy policy = new CachingEscalationPolicy(request -> {
        calls.incrementAndGet();
        return CompletableFuture.completedFuture(new EscalationDecision.DemoteTo("partial", "llm says so"));
    }, 2);

    private static EscalationRequest during(Map<String, ToolHealth> unhealthy) {
        return new EscalationRequest("g", "full", "start", List.of("partial"), unhealthy, null, "t");
    }

    @Test
    void oneOutageCostsOneDecisionForAnyNumberOfRequests() {
        Map<String, ToolHealth> outage = Map.of("a@1", ToolHealth.unavailable("down"));

        for (int i = 0; i < 1000; i++) {
            assertThat(policy.decide(during(outage)).toCompletableFuture().join())
                    .isEqualTo(new EscalationDecision.DemoteTo("partial", "llm says so"));
        }

        assertThat(calls).hasValue(1);
    }

    @Test
    void aLookupSaysWhetherTheDelegateWasAsked() {
        Map<String, ToolHealth> outage = Map.of("a@1", ToolHealth.unavailable("down"));

        assertThat(policy.lookup(during(outage)).cached()).isFalse();
        assertThat(policy.lookup(during(outage)).cached()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void aDifferentHealthSignatureAsksAgain() {
        policy.decide(during(Map.of("a@1", ToolHealth.unavailable("down")))).toCompletableFuture().join();
        policy.decide(during(Map.of("a@1", ToolHealth.unavailable("down"), "b@1", ToolHealth.unavailable("down")))).toCompletableFuture().join();

        assertThat(calls).hasValue(2);
    }

    @Test
    void aFailedDecisionIsNotRemembered() {
        AtomicInteger attempts = new AtomicInteger();
        CachingEscalationPolicy flaky = new CachingEscalationPolicy(request -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("llm timeout"))
                : CompletableFuture.completedFuture(new EscalationDecision.Escalate("human")));

        assertThatThrownBy(() -> flaky.decide(during(Map.of())).toCompletableFuture().join()).hasRootCauseMessage("llm timeout");
        assertThat(flaky.decide(during(Map.of())).toCompletableFuture().join()).isEqualTo(new EscalationDecision.Escalate("human"));
        assertThat(attempts).hasValue(2);
    }

    @Test
    void forgetsTheLeastRecentlyUsedSituationBeyondItsBound() {
        for (int i = 0; i < 3; i++) {
            policy.decide(during(Map.of("t" + i, ToolHealth.unavailable("down"))));
        }

        assertThat(policy.size()).isEqualTo(2);
        policy.decide(during(Map.of("t0", ToolHealth.unavailable("down"))));
        assertThat(calls).hasValue(4);
    }
}
