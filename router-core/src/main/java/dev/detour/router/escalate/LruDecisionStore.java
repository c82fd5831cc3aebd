package dev.detour.router.escalate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link DecisionStore#lru}: a synchronized {@code LinkedHashMap} in access order — a bounded LRU in a
 * few lines, so router-core needs no cache library. Concurrent callers with the same key share one
 * in-flight decision; a failed one is removed again.
 */
final class LruDecisionStore implements DecisionStore {

    private final Map<DecisionKey, CompletableFuture<EscalationDecision>> decisions;

    LruDecisionStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.decisions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DecisionKey, CompletableFuture<EscalationDecision>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public CompletionStage<Found> find(DecisionKey key, Supplier<CompletionStage<EscalationDecision>> decide) {
        CompletableFuture<EscalationDecision> decision;
        boolean mine = false;
        synchronized (decisions) {
            decision = decisions.get(key);
            if (decision == null) {
                decision = new CompletableFuture<>();
                decisions.put(key, decision);
                mine = true;
            }
        }
        if (mine) {
            CompletableFuture<EscalationDecision> pending = decision;
            CompletionStage<EscalationDecision> asked;
            try {
                asked = decide.get();
            } catch (RuntimeException e) {
                asked = CompletableFuture.failedFuture(e);
            }
            asked.whenComplete((d, failure) -> {
                if (failure != null) {
                    synchronized (decisions) {
                        decisions.remove(key, pending);
                    }
                    pending.completeExceptionally(failure);
                } else {
                    pending.complete(d);
                }
            });
        }
        boolean cached = !mine;
        return decision.copy().thenApply(d -> new Found(d, cached));
    }

    @Override
    public int size() {
        synchronized (decisions) {
            return decisions.size();
        }
    }
}
