package dev.detour.server.observe;

import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.spi.EscalationPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An {@link EscalationPolicy} that counts how often it was consulted, by graph and decision ({@code
 * DEMOTE}, {@code ESCALATE}, or {@code FAILED} when the policy threw, failed or gave no answer). With
 * an LLM-backed policy each consultation is an LLM call, the one cost Detour tries hardest to avoid.
 */
public final class CountedEscalationPolicy implements EscalationPolicy {

    private final EscalationPolicy delegate;
    private final MeterRegistry registry;

    public CountedEscalationPolicy(EscalationPolicy delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        CompletionStage<EscalationDecision> decision;
        try {
            decision = delegate.decide(request);
        } catch (RuntimeException e) {
            count(request.graph(), "FAILED");
            throw e;
        }
        return decision.whenComplete((d, failure) -> count(request.graph(), failure != null || d == null ? "FAILED" : switch (d) {
            case EscalationDecision.DemoteTo ignored -> "DEMOTE";
            case EscalationDecision.Escalate ignored -> "ESCALATE";
        }));
    }

    private void count(String graph, String decision) {
        Counter.builder(MetricNames.POLICY_CALLS).description("Escalation-policy consultations (with an LLM-backed policy, LLM calls)")
                .tags("graph", graph, "decision", decision)
                .register(registry).increment();
    }
}
