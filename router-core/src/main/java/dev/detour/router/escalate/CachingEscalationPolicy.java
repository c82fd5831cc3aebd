package dev.detour.router.escalate;

import dev.detour.router.spi.EscalationPolicy;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Remembers a policy's decisions per (graph, goal, reachable goals, health signature) — a {@link
 * DecisionKey} — so one outage costs one LLM call, not one per request. The health signature is the set
 * of unhealthy tools with their states; when health changes, the key changes and the policy is asked
 * again.
 *
 * <p>Concurrent requests with the same key share one in-flight decision. A failed decision is not
 * kept. Where decisions are kept is the {@link DecisionStore}'s business: by default an in-process LRU
 * of {@link #DEFAULT_MAX_ENTRIES}; a store shared by replicas makes it one call per outage per cluster.
 */
public final class CachingEscalationPolicy implements EscalationPolicy {

    /** Distinct outage situations remembered. */
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private final EscalationPolicy delegate;
    private final DecisionStore store;

    public CachingEscalationPolicy(EscalationPolicy delegate) {
        this(delegate, DEFAULT_MAX_ENTRIES);
    }

    public CachingEscalationPolicy(EscalationPolicy delegate, int maxEntries) {
        this(delegate, DecisionStore.lru(maxEntries));
    }

    /** Asks {@code delegate} for the decisions {@code store} does not hold yet. */
    public CachingEscalationPolicy(EscalationPolicy delegate, DecisionStore store) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        return lookup(request).thenApply(DecisionStore.Found::decision);
    }

    /**
     * {@link #decide} that also says whether the decision was already remembered (or in flight for
     * another request), so a caller can count cache hits without wrapping the delegate.
     */
    public CompletionStage<DecisionStore.Found> lookup(EscalationRequest request) {
        return store.find(DecisionKey.of(request), () -> delegate.decide(request));
    }

    /** Decisions currently remembered. */
    public int size() {
        return store.size();
    }
}
