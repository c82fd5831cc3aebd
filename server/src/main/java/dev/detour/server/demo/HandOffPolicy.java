package dev.detour.server.demo;

import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.spi.EscalationPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's escalation policy, where a deployment would plug in an LLM (router-langchain4j's
 * {@code LlmEscalationPolicy}): it hands every dead end to a human and counts how often it was
 * asked — each ask is what an LLM call would have cost. Router-core asks it only when no path and
 * no ladder step is left, so the tour's count is the number of LLM calls Detour needed.
 */
final class HandOffPolicy implements EscalationPolicy {

    private final AtomicInteger asked = new AtomicInteger();

    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        asked.incrementAndGet();
        return CompletableFuture.completedFuture(new EscalationDecision.Escalate("the demo hands dead ends to a human"));
    }

    /** How often the policy was asked: the LLM calls a model-backed policy would have made. */
    int asked() {
        return asked.get();
    }
}
