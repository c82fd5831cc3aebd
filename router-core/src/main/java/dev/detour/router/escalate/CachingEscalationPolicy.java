package dev.detour.router.escalate;

import dev.detour.router.health.ToolHealth;
import dev.detour.router.spi.EscalationPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Remembers a policy's decisions per (graph, goal, reachable goals, health signature), so one outage
 * costs one LLM call, not one per request. The health signature is the set of unhealthy tools with
 * their states; when health changes, the key changes and the policy is asked again.
 *
 * <p>Concurrent requests with the same key share one in-flight decision. A failed decision is not
 * kept. Bounded: the least recently used entries go first. A synchronized {@code LinkedHashMap} in
 * access order does this in a few lines, so router-core needs no cache library.
 */
public final class CachingEscalationPolicy implements EscalationPolicy {

    /** Distinct outage situations remembered. */
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private final EscalationPolicy delegate;
    private final Map<Key, CompletableFuture<EscalationDecision>> decisions;

    public CachingEscalationPolicy(EscalationPolicy delegate) {
        this(delegate, DEFAULT_MAX_ENTRIES);
    }

    public CachingEscalationPolicy(EscalationPolicy delegate, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.decisions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<EscalationDecision>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        return lookup(request).decision();
    }

    /**
     * {@link #decide} that also says whether the decision was already remembered (or in flight for
     * another request), so a caller can count cache hits without wrapping the delegate.
     */
    public Lookup lookup(EscalationRequest request) {
        Key key = new Key(request.graph(), request.goal(), Set.copyOf(request.reachableGoals()), signature(request.unhealthyTools()));
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
                asked = delegate.decide(request);
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
        return new Lookup(decision.copy(), !mine);
    }

    /**
     * One {@link #lookup}.
     *
     * @param decision the decision, shared with every request of the same situation
     * @param cached   true when the delegate was not asked for this request
     */
    public record Lookup(CompletionStage<EscalationDecision> decision, boolean cached) {
    }

    /** Decisions currently remembered. */
    public int size() {
        synchronized (decisions) {
            return decisions.size();
        }
    }

    private static Map<String, String> signature(Map<String, ToolHealth> unhealthy) {
        Map<String, String> sig = new TreeMap<>();
        unhealthy.forEach((tool, health) -> sig.put(tool, health.toString()));
        return sig;
    }

    private record Key(String graph, String goal, Set<String> reachable, Map<String, String> health) {
    }
}
