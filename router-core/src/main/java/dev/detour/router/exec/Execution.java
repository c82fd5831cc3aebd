package dev.detour.router.exec;

import dev.detour.router.RouteResult;
import dev.detour.router.budget.TimeoutBudget;
import dev.detour.router.error.AppliedEffect;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.Completed;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.spi.RouteListener;
import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** State of one request, shared by its scope runs: outputs, failures, applied effects, events. */
final class Execution {

    private static final Logger LOG = LoggerFactory.getLogger(RouteExecutor.class);

    private final ShortestPathRouter router;
    private final ToolGraph graph;
    private final List<RouteListener> listeners;
    private final List<OutcomeListener> outcomeListeners;
    private final Ticker ticker;
    private final InstantSource clock;

    final String traceId;
    final String requestedGoal;
    final TimeoutBudget budget;
    final long startNanos;
    final Map<String, Object> outputs = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Tools that failed in this request, with their failure: excluded from its routes. */
    final Map<String, ToolError> failures = new ConcurrentHashMap<>();
    final List<RouteEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> trail = Collections.synchronizedList(new ArrayList<>());
    final Set<String> abandonedGoals = ConcurrentHashMap.newKeySet();
    /** Steps that succeeded in this request: reused by later routes, never called again. */
    final Set<String> completedSteps = ConcurrentHashMap.newKeySet();
    /** Steps that must not run: they would repeat an applied (or possibly applied) effect. */
    final Set<String> blockedSteps = ConcurrentHashMap.newKeySet();
    final List<AppliedEffect> effects = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger resolutions = new AtomicInteger();
    /** Tool calls in flight, to cancel with the request. */
    final Set<CompletableFuture<ToolOutcome>> inFlight = ConcurrentHashMap.newKeySet();
    volatile String goal;
    volatile @Nullable ToolError fatal;
    volatile boolean cancelled;

    Execution(ShortestPathRouter router, List<RouteListener> listeners, List<OutcomeListener> outcomeListeners, Ticker ticker,
            InstantSource clock, String traceId, String goal, Map<String, Object> inputs, TimeoutBudget budget) {
        this.router = router;
        this.graph = router.graph();
        this.listeners = listeners;
        this.outcomeListeners = outcomeListeners;
        this.ticker = ticker;
        this.clock = clock;
        this.traceId = traceId;
        this.requestedGoal = goal;
        this.goal = goal;
        this.budget = budget;
        this.startNanos = ticker.nanos();
        outputs.put(ArgumentTemplate.INPUT, inputs);
    }

    void emit(RouteEvent event) {
        events.add(event);
        for (RouteListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("route listener {} failed on {}; ignored", l, event, e);
            }
        }
    }

    void reportOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        for (OutcomeListener l : outcomeListeners) {
            try {
                l.onOutcome(tool, outcome, latencyNanos, atNanos);
            } catch (RuntimeException e) {
                LOG.warn("outcome listener {} failed for tool {}; ignored", l, tool, e);
            }
        }
    }

    /** Records an effect of {@code step}; every other producer of its output is blocked from now on. */
    void recordEffect(Step step, AppliedEffect.Status status) {
        effects.add(new AppliedEffect(step.id(), step.invokedTool(), step.output(), traceId, status));
        for (Step other : graph.steps().values()) {
            if (other.invokesTool() && other.output().equals(step.output()) && !completedSteps.contains(other.id())) {
                blockedSteps.add(other.id());
            }
        }
    }

    List<AppliedEffect> effectsSnapshot() {
        synchronized (effects) {
            return List.copyOf(effects);
        }
    }

    /**
     * A route under this request's state. Until something failed, no route can lead back over a
     * step already done (that takes a backtrack or a region run again), so the shared cache
     * answers: the hot path pays no per-request Dijkstra.
     */
    Optional<Route> route(String from, String to, @Nullable String branch) {
        if (failures.isEmpty()) {
            return router.route(from, to, branch, Set.of(), Set.of(), Set.copyOf(blockedSteps));
        }
        return router.route(from, to, branch, Set.copyOf(failures.keySet()), Set.copyOf(completedSteps), Set.copyOf(blockedSteps));
    }

    void cancel() {
        cancelled = true;
        inFlight.forEach(call -> call.cancel(false));
    }

    Map<String, Object> outputsSnapshot() {
        synchronized (outputs) {
            return new LinkedHashMap<>(outputs);
        }
    }

    RouteResult result(ScopeOutcome outcome) {
        Map<String, Object> results = outputsSnapshot();
        results.remove(ArgumentTemplate.INPUT);
        List<String> trailCopy;
        synchronized (trail) {
            trailCopy = List.copyOf(trail);
        }
        if (outcome == ScopeOutcome.REACHED && fatal == null) {
            emit(new Completed(traceId, clock.instant(), goal, requestedGoal, trailCopy, Duration.ofNanos(ticker.nanos() - startNanos)));
            RouteResult.Status status = goal.equals(requestedGoal) ? RouteResult.Status.COMPLETED : RouteResult.Status.DEMOTED;
            return new RouteResult(status, traceId, requestedGoal, goal, results, trailCopy, null, snapshotEvents());
        }
        return new RouteResult(RouteResult.Status.ESCALATED, traceId, requestedGoal, null, results, trailCopy, fatal, snapshotEvents());
    }

    private List<RouteEvent> snapshotEvents() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** How a scope run ended. */
    enum ScopeOutcome {
        /** Its target was reached. */
        REACHED,
        /** No path to its target is left; the pending failures go to the enclosing scope. */
        INFEASIBLE,
        /** A sibling branch failed first; it stopped before its next step. */
        ABANDONED,
        /** The request was escalated; everything stops. */
        FATAL
    }
}
