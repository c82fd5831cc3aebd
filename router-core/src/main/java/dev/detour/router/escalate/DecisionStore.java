package dev.detour.router.escalate;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where a {@link CachingEscalationPolicy} keeps its decisions, and how far their sharing reaches: the
 * default {@link #lru} keeps them in this process; a store backed by a cluster shares them between
 * replicas, so one outage costs one decision for all of them.
 *
 * <p>Contract: callers asking for the same key while a decision is being made wait for that decision
 * instead of making their own, as far as the store reaches; a decision whose stage fails is not kept.
 * Implementations must be thread-safe.
 */
public interface DecisionStore {

    /**
     * The decision remembered under {@code key}; else the one {@code decide} makes, remembered when its
     * stage completes normally. {@code decide} is called at most once per call, and not at all when a
     * decision is found.
     */
    CompletionStage<Found> find(DecisionKey key, Supplier<CompletionStage<EscalationDecision>> decide);

    /** Decisions this store holds now (for a shared store: as far as it can tell cheaply). */
    int size();

    /** The in-process store: at most {@code maxEntries} decisions, the least recently used going first. */
    static DecisionStore lru(int maxEntries) {
        return new LruDecisionStore(maxEntries);
    }

    /**
     * A decision and where it came from.
     *
     * @param decision the decision
     * @param cached   true when this caller's {@code decide} was not called: the decision was remembered,
     *                 or made for another caller
     */
    record Found(EscalationDecision decision, boolean cached) {
    }
}
