package dev.detour.graphs.scenario;

import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for an LLM that counts its calls, as in the paper's evaluation. Its
 * judgement on a dead end is fixed: accept the best <em>lesser</em> goal still reachable (goals are
 * declared best first), otherwise escalate — never a greater goal. Each call takes
 * {@link #DEFAULT_LATENCY} of simulated time, passed on the clock at once: the router consults its
 * policy with no tool call in flight (a fork region has joined by then), and should one ever be in
 * flight, the {@link ManualClock} refuses to run it in the past rather than run it late.
 * Thread-safe.
 */
public final class MockLlm implements EscalationPolicy {

    /** 800 ms: the simulated latency of one control-plane LLM call. */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(800);

    private final List<String> goals;
    private final ManualClock clock;
    private final AtomicInteger calls = new AtomicInteger();

    public MockLlm(ToolGraph graph, ManualClock clock) {
        this.goals = new ArrayList<>(graph.goals());
        this.clock = clock;
    }

    /** Records one LLM call (one decision) and lets its latency pass. */
    public void think() {
        calls.incrementAndGet();
        clock.advance(DEFAULT_LATENCY);
    }

    /** LLM calls so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        think();
        return CompletableFuture.completedFuture(judge(request.goal(), request.reachableGoals()));
    }

    /** The judgement without counting a call (for callers that count decisions themselves). */
    public EscalationDecision judge(String goal, Collection<String> reachable) {
        int rank = goals.indexOf(goal);
        for (int i = rank + 1; i < goals.size(); i++) {
            if (reachable.contains(goals.get(i))) {
                return new EscalationDecision.DemoteTo(goals.get(i), "'" + goals.get(i) + "' is the best lesser goal still reachable");
            }
        }
        return new EscalationDecision.Escalate("no lesser goal than '" + goal + "' is reachable");
    }
}
