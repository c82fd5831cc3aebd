package dev.detour.router.escalate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.health.ToolHealth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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

        assertThat(policy.lookup(during(outage)).toCompletableFuture().join().cached()).isFalse();
        assertThat(policy.lookup(during(outage)).toCompletableFuture().join().cached()).isTrue();
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
    void theSameSituationGatheredInAnotherOrderIsTheSameKey() {
        policy.decide(new EscalationRequest("g", "full", "start", List.of("partial", "minimal"),
                Map.of("a@1", ToolHealth.unavailable("down here"), "b@1", ToolHealth.degraded(2.0, "slow")), null, "t1"));
        policy.decide(new EscalationRequest("g", "full", "elsewhere", List.of("minimal", "partial"),
                Map.of("b@1", ToolHealth.degraded(2.0, "slow, says another replica"), "a@1", ToolHealth.unavailable("down there")), null, "t2"));

        assertThat(calls).as("reasons and order are not part of the situation").hasValue(1);
    }

    @Test
    void aStoreOfItsOwnDecidesWhatIsRemembered() {
        CachingEscalationPolicy sharing = new CachingEscalationPolicy(request -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(new EscalationDecision.Escalate("human"));
        }, DecisionStore.lru(8));
        CachingEscalationPolicy other = new CachingEscalationPolicy(request -> {
            throw new AssertionError("the store already holds this decision");
        }, new DecisionStore() {
            @Override
            public CompletionStage<Found> find(DecisionKey key, Supplier<CompletionStage<EscalationDecision>> decide) {
                return CompletableFuture.completedFuture(new Found(new EscalationDecision.Escalate("remembered"), true));
            }

            @Override
            public int size() {
                return 1;
            }
        });

        assertThat(sharing.decide(during(Map.of())).toCompletableFuture().join()).isEqualTo(new EscalationDecision.Escalate("human"));
        assertThat(other.decide(during(Map.of())).toCompletableFuture().join()).isEqualTo(new EscalationDecision.Escalate("remembered"));
        assertThat(calls).hasValue(1);
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
