package dev.detour.router.exec;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.RouterConfig;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.budget.TimeoutBudget;
import dev.detour.router.error.AppliedEffect;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ErrorClassifier;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.router.exec.Execution.ScopeOutcome;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.Fork;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Transition;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.spi.RouteListener;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks routes and heals them: the effectful half of routing ({@link ShortestPathRouter} is the
 * pure half).
 *
 * <p>For each step it renders the arguments, takes a window from the request's {@link
 * TimeoutBudget}, calls the {@link ToolInvoker} and reports the outcome. On a failure it excludes
 * the tool for the rest of the request and looks for a new route from the last good vertex (then
 * from earlier ones, most recent first); when none is left it walks the goal's demotion ladder,
 * then asks the {@link EscalationPolicy} (only if some other goal is still reachable), then
 * escalates explicitly. Every {@link StepFailed} is resolved by exactly one {@link Rerouted},
 * {@link Demoted} or {@link Escalated} naming that step.
 *
 * <p>Side-effect safety holds for the whole request: once a step whose tool is neither read-only nor
 * idempotent has succeeded, or failed in a way that may have had an effect, no route computed later in
 * that request runs it again or runs another step producing the same output (an equivalent: it would
 * be the same effect in another system). Steps already done are reused, never called again: a
 * backtracking reroute may cross them for free. When no route is left that repeats no effect, the
 * request goes to the ladder, the policy, then escalates, and the SERF error lists the effects
 * already applied ({@link ToolError#appliedEffects()}).
 *
 * <p>Fork regions run all their branches (concurrently when the invoker completes asynchronously)
 * and join; a branch heals within itself, and a branch with no path left makes the whole region
 * infeasible, which the enclosing scope resolves. With an invoker that completes synchronously
 * the whole execution, including its event order, is deterministic.
 */
public final class RouteExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RouteExecutor.class);

    private final ShortestPathRouter router;
    private final ToolGraph graph;
    private final ToolInvoker invoker;
    private final @Nullable EscalationPolicy policy;
    private final List<RouteListener> listeners;
    private final List<OutcomeListener> outcomeListeners;
    private final RouterConfig config;
    private final LatencySketches sketches;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final InstantSource clock;

    /**
     * @param policy may be {@code null}: then no-path situations the ladder cannot cover escalate directly
     */
    public RouteExecutor(
            ShortestPathRouter router,
            ToolInvoker invoker,
            @Nullable EscalationPolicy policy,
            List<RouteListener> listeners,
            List<OutcomeListener> outcomeListeners,
            RouterConfig config,
            LatencySketches sketches,
            Ticker ticker,
            Scheduler scheduler,
            InstantSource clock) {
        this.router = router;
        this.graph = router.graph();
        this.invoker = invoker;
        this.policy = policy;
        this.listeners = List.copyOf(listeners);
        this.outcomeListeners = List.copyOf(outcomeListeners);
        this.config = config;
        this.sketches = sketches;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Executes a request. The returned future always completes normally: failures end as an
     * escalated {@link RouteResult}, never as an exception — unless the caller cancels it
     * ({@link CompletableFuture#cancel}): then no further step starts, the tool calls in flight are
     * cancelled (their invokers' stages), and what they end with is neither fed to the outcome
     * listeners nor journalled, since the client withdrew the request and the tools did not fail.
     *
     * @throws IllegalArgumentException when the requested goal is not a goal of the graph
     */
    public CompletableFuture<RouteResult> execute(RouteRequest request) {
        String goal = request.goal() == null ? graph.goals().iterator().next() : request.goal();
        if (!graph.goals().contains(goal)) {
            throw new IllegalArgumentException("'" + goal + "' is not a goal of graph '" + graph.name() + "'; goals: " + graph.goals());
        }
        String traceId = request.traceId() == null ? UUID.randomUUID().toString() : request.traceId();
        Duration budget = request.budget() == null ? config.budget().defaultDeadline() : request.budget();
        Execution ex = new Execution(router, listeners, outcomeListeners, ticker, clock, traceId, goal, request.inputs(),
                TimeoutBudget.start(budget, ticker, config.budget(), sketches));
        CompletableFuture<RouteResult> result = new CompletableFuture<>();
        result.whenComplete((r, failure) -> {
            if (result.isCancelled()) {
                ex.cancel();
            }
        });
        ScopeRun top = new ScopeRun(ex, null, goal, () -> false);
        top.start(graph.start());
        top.done.thenApply(ex::result).whenComplete((r, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(r);
            }
        });
        return result;
    }

    /** The walk of one scope: the top level towards the goal, or one fork branch towards its join. */
    private final class ScopeRun {
        final Execution ex;
        final @Nullable String branch;
        final BooleanSupplier cancelled;
        final List<String> visited = new ArrayList<>();
        final List<String> pending = new ArrayList<>();
        final CompletableFuture<ScopeOutcome> done = new CompletableFuture<>();
        String target;
        @SuppressWarnings("NullAway.Init") // set by adopt() before the walk reads it
        List<String> path;
        int pos;
        @Nullable ToolError lastError;
        /** This scope's failure that may have had an effect, if any: what an escalation reports. */
        @Nullable ToolError effectFailure;
        /** Where an infeasible branch hands its unresolved failures: the enclosing scope's pending list. */
        @Nullable List<String> pendingSink;
        /** For a branch: the tools the enclosing scopes still have to run after its join. */
        List<String> tail = List.of();

        ScopeRun(Execution ex, @Nullable String branch, String target, BooleanSupplier cancelled) {
            this.ex = ex;
            this.branch = branch;
            this.target = target;
            this.cancelled = cancelled;
        }

        void start(String source) {
            visited.add(source);
            if (branch == null) {
                ex.trail.add(source);
            }
            Optional<Route> route = ex.route(source, target, branch);
            if (route.isPresent()) {
                adopt(route.get().vertices());
                advance();
            } else if (guarded(this::resolve)) {
                advance();
            }
        }

        /** Runs the walk until it ends or waits for an asynchronous completion. */
        void advance() {
            while (guarded(this::step)) {
                // each iteration completes one vertex
            }
        }

        private boolean guarded(BooleanSupplier action) {
            if (ex.cancelled) {
                return finish(ScopeOutcome.ABANDONED);
            }
            try {
                return !done.isDone() && action.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.error("route {} failed unexpectedly; escalating", ex.traceId, e);
                escalate("internal error in the router: " + e, ToolError.of(ErrorCategory.INTERNAL,
                        "internal router error: " + e.getMessage(), SideEffects.UNKNOWN).withTraceId(ex.traceId));
                return false;
            }
        }

        /** One move along the path; true to continue synchronously. */
        private boolean step() {
            if (ex.fatal != null) {
                return finish(ScopeOutcome.FATAL);
            }
            String current = path.get(pos);
            if (current.equals(target)) {
                return finish(ScopeOutcome.REACHED);
            }
            if (cancelled.getAsBoolean()) {
                return finish(ScopeOutcome.ABANDONED);
            }
            String next = path.get(pos + 1);
            Fork fork = graph.forks().get(current);
            if (fork != null && next.equals(fork.join())) {
                CompletableFuture<List<ScopeOutcome>> region = runRegion(fork);
                if (!region.isDone()) {
                    region.whenComplete((outcomes, failure) -> {
                        if (guarded(() -> afterRegion(fork, outcomes))) {
                            advance();
                        }
                    });
                    return false;
                }
                return afterRegion(fork, region.join());
            }
            Step step = graph.step(next).orElseThrow();
            if (!step.invokesTool()) {
                arrive(next);
                return true;
            }
            if (ex.completedSteps.contains(step.id())) {
                reuse(step.id()); // done earlier in this request: its output stands, the tool is not called again
                return true;
            }
            if (ex.blockedSteps.contains(step.id())) {
                // an effect of the same output was applied (in another branch, say) after this route was planned
                lastError = ToolError.of(ErrorCategory.CONFLICT, "step '" + step.id() + "' would repeat an effect already applied in this request",
                        SideEffects.NONE).withTraceId(ex.traceId);
                return resolve();
            }
            ToolError earlier = ex.failures.get(step.invokedTool());
            if (earlier != null) {
                // the tool failed elsewhere in this request (another branch, another step) after this route was planned
                lastError = earlier;
                return resolve();
            }
            return invoke(step);
        }

        private boolean invoke(Step step) {
            TimeoutBudget.Allocation allocation = alternativeTo(step)
                    .map(alternative -> ex.budget.allocate(remainingTools(), alternative))
                    .orElseGet(() -> ex.budget.allocate(remainingTools()));
            if (allocation instanceof TimeoutBudget.Allocation.Exhausted exhausted) {
                if (rerouteToFit()) {
                    return true;
                }
                ToolError error = new ToolError(ErrorCategory.BUDGET_EXHAUSTED, RecoveryAction.ESCALATE,
                        "the remaining budget of " + exhausted.remaining().toMillis() + " ms cannot fit the remaining path (needs at least "
                                + exhausted.needed().toMillis() + " ms)",
                        null, SideEffects.NONE, List.of("send a larger budget", "retry when the slow tools recover"), ex.traceId, step.invokedTool());
                return escalate("budget exhausted before step '" + step.id() + "'", error);
            }
            Duration timeout = ((TimeoutBudget.Allocation.Window) allocation).timeout();
            Map<String, Object> args;
            try {
                args = step.arguments().render(ex.outputsSnapshot());
            } catch (ArgumentTemplate.UnresolvedReferenceException e) {
                ToolError error = ToolError.of(ErrorCategory.INVALID_ARGUMENTS, "step '" + step.id() + "': " + e.getMessage(), SideEffects.NONE);
                return onOutcome(step, ToolOutcome.failure(error), 0);
            }
            Duration untilDeadline = ex.budget.remaining();
            ToolCall call = new ToolCall(ex.traceId, step.id(), step.invokedTool(), args, step.annotations(), timeout,
                    untilDeadline.compareTo(timeout) > 0 ? untilDeadline : timeout);
            long started = ticker.nanos();
            CompletableFuture<ToolOutcome> result = call(call);
            if (!result.isDone()) {
                result.whenComplete((outcome, failure) -> {
                    if (guarded(() -> onOutcome(step, outcome, ticker.nanos() - started))) {
                        advance();
                    }
                });
                return false;
            }
            return onOutcome(step, result.join(), ticker.nanos() - started);
        }

        /**
         * When the planned route no longer fits the time left, routes again from here by expected
         * latency — the fastest plausible run of each tool — and adopts that route if it fits: a
         * request fails with BUDGET_EXHAUSTED only when no feasible route fits. Logged as a re-plan
         * ({@code Rerouted} with no failed step, cause BUDGET_EXHAUSTED).
         */
        private boolean rerouteToFit() {
            String here = path.get(pos);
            Optional<Route> fastest = router.fastestRoute(here, target, branch, Set.copyOf(ex.failures.keySet()), Set.copyOf(ex.completedSteps),
                    Set.copyOf(ex.blockedSteps), ex.budget::fastestRunNanos);
            if (fastest.isEmpty() || fastest.get().vertices().equals(path.subList(pos, path.size()))) {
                return false;
            }
            List<String> planned = path;
            int plannedPos = pos;
            adopt(fastest.get().vertices());
            List<String> tools = remainingTools();
            if (!tools.isEmpty() && ex.budget.allocate(tools) instanceof TimeoutBudget.Allocation.Exhausted) {
                path = planned;
                pos = plannedPos;
                return false;
            }
            ex.emit(new Rerouted(ex.traceId, clock.instant(), null, here, path, ErrorCategory.BUDGET_EXHAUSTED));
            return true;
        }

        /**
         * The tool a failure of {@code step} would most likely be rerouted to from the vertex we stand
         * at — {@code step}'s own alternative: a usable step of the same branch producing the same
         * output, over the cheapest transition — so ATBA can keep time for it; empty when there is none.
         * A sibling branch's first step is never one (it runs anyway, concurrently). Tools that failed
         * in this request or are unavailable, and steps blocked by an applied effect, do not count: the
         * last provider standing gets the whole share.
         */
        private Optional<String> alternativeTo(Step step) {
            Transition cheapest = null;
            for (var t : graph.outgoing(path.get(pos))) {
                if (t.to().equals(step.id()) || (cheapest != null && t.baseCost() >= cheapest.baseCost())) {
                    continue;
                }
                Step other = graph.step(t.to()).orElseThrow();
                if (other.invokesTool() && other.output().equals(step.output()) && Objects.equals(other.branch(), step.branch())
                        && !ex.failures.containsKey(other.invokedTool()) && !ex.blockedSteps.contains(other.id())
                        && !(router.health().health(other.invokedTool()) instanceof ToolHealth.Unavailable)) {
                    cheapest = t;
                }
            }
            return cheapest == null ? Optional.empty() : Optional.of(graph.step(cheapest.to()).orElseThrow().invokedTool());
        }

        private CompletableFuture<ToolOutcome> call(ToolCall call) {
            CompletableFuture<ToolOutcome> raw;
            try {
                raw = invoker.invoke(call).toCompletableFuture();
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(ToolOutcome.failure(ErrorClassifier.fromThrowable(e)));
            }
            if (!raw.isDone()) {
                CompletableFuture<ToolOutcome> invoked = raw;
                ex.inFlight.add(invoked);
                invoked.whenComplete((o, f) -> ex.inFlight.remove(invoked));
                if (ex.cancelled) {
                    invoked.cancel(false); // cancelled while the call was being started
                }
                raw = withinWindow(raw, invoker.extendsWindowOnProgress() ? call.maxTimeout() : call.timeout());
            }
            return raw.handle((outcome, failure) -> {
                if (failure != null) {
                    return ToolOutcome.failure(ErrorClassifier.fromThrowable(failure));
                }
                return outcome != null ? outcome
                        : ToolOutcome.failure(ToolError.of(ErrorCategory.INTERNAL, "the invoker returned no outcome", SideEffects.UNKNOWN));
            });
        }

        /** {@code call}'s outcome, or a {@link TimeoutException} once {@code limit} has passed on the scheduler's time. */
        private CompletableFuture<ToolOutcome> withinWindow(CompletableFuture<ToolOutcome> call, Duration limit) {
            CompletableFuture<ToolOutcome> windowed = call.copy();
            Scheduler.Cancellable timer = scheduler.schedule(
                    () -> windowed.completeExceptionally(new TimeoutException("no answer within " + limit.toMillis() + " ms")), limit);
            windowed.whenComplete((o, f) -> timer.cancel());
            return windowed;
        }

        private boolean onOutcome(Step step, ToolOutcome outcome, long latencyNanos) {
            if (ex.cancelled) {
                return finish(ScopeOutcome.ABANDONED);
            }
            ex.reportOutcome(step.invokedTool(), outcome, latencyNanos, ticker.nanos());
            Duration latency = Duration.ofNanos(latencyNanos);
            switch (outcome) {
                case ToolOutcome.Success success -> {
                    sketches.record(step.invokedTool(), latencyNanos);
                    ex.outputs.put(step.output(), success.result());
                    ex.completedSteps.add(step.id());
                    if (!step.annotations().safeToRepeat()) {
                        ex.recordEffect(step, AppliedEffect.Status.APPLIED);
                    }
                    ex.emit(new StepSucceeded(ex.traceId, clock.instant(), step.id(), step.invokedTool(), latency));
                    arrive(step.id());
                    return true;
                }
                case ToolOutcome.Failure failure -> {
                    ToolError error = failure.error().withTool(step.invokedTool()).withTraceId(ex.traceId);
                    if (error.category() == ErrorCategory.TIMEOUT) {
                        sketches.record(step.invokedTool(), latencyNanos); // a lower bound: learning from successes alone drifts low
                    }
                    ex.emit(new StepFailed(ex.traceId, clock.instant(), step.id(), step.invokedTool(), error, latency));
                    ex.failures.putIfAbsent(step.invokedTool(), error);
                    lastError = error;
                    pending.add(step.id());
                    if (!step.annotations().safeToRepeat() && error.sideEffects() != SideEffects.NONE) {
                        ex.recordEffect(step, error.sideEffects() == SideEffects.POSSIBLE ? AppliedEffect.Status.POSSIBLE : AppliedEffect.Status.UNKNOWN);
                        effectFailure = error;
                    }
                    if (error.action() == RecoveryAction.FIX_ARGUMENTS || error.action() == RecoveryAction.ESCALATE) {
                        return escalate("step '" + step.id() + "' failed with " + error.category() + ", which another route cannot fix ("
                                + error.action() + ")", error);
                    }
                    return resolve();
                }
            }
        }

        private CompletableFuture<List<ScopeOutcome>> runRegion(Fork fork) {
            AtomicBoolean regionFailed = new AtomicBoolean();
            List<CompletableFuture<ScopeOutcome>> branches = new ArrayList<>();
            List<String> afterJoin = remainingTools(); // the fork's join is next on this path: what follows it
            for (String b : fork.branches()) {
                ScopeRun run = new ScopeRun(ex, b, fork.join(), () -> regionFailed.get() || ex.fatal != null);
                run.done.thenAccept(o -> {
                    if (o != ScopeOutcome.REACHED) {
                        regionFailed.set(true);
                    }
                });
                branches.add(run.done);
                run.pendingSink = pending;
                run.tail = afterJoin;
                run.start(fork.fork());
            }
            return CompletableFuture.allOf(branches.toArray(CompletableFuture[]::new))
                    .thenApply(v -> branches.stream().map(CompletableFuture::join).toList());
        }

        private boolean afterRegion(Fork fork, List<ScopeOutcome> outcomes) {
            if (ex.fatal != null || outcomes.contains(ScopeOutcome.FATAL)) {
                return finish(ScopeOutcome.FATAL);
            }
            if (outcomes.stream().allMatch(o -> o == ScopeOutcome.REACHED)) {
                arrive(fork.join());
                return true;
            }
            return resolve();
        }

        private void reuse(String vertex) {
            visited.add(vertex);
            pos++;
        }

        private void arrive(String vertex) {
            visited.add(vertex);
            if (branch == null || !vertex.equals(target)) {
                ex.trail.add(vertex); // a branch does not arrive at the join for everyone: the enclosing scope does
            }
            pos++;
        }

        /**
         * The tools still to run from here to the goal: the rest of this path and, in a branch, what
         * the enclosing scopes run after the join — so a branch's last step is never given the time the
         * steps after the join need.
         */
        private List<String> remainingTools() {
            List<String> tools = new ArrayList<>();
            toolsAlong(path.subList(pos + 1, path.size()), tools);
            tools.addAll(tail);
            return tools;
        }

        /**
         * Adds the tools still to run along {@code vertices}; a fork region on them counts as its
         * slowest branch (by fastest plausible run), since its branches run side by side.
         */
        private void toolsAlong(List<String> vertices, List<String> tools) {
            for (int i = 0; i < vertices.size(); i++) {
                String id = vertices.get(i);
                Fork fork = graph.forks().get(id);
                if (fork != null && i + 1 < vertices.size() && vertices.get(i + 1).equals(fork.join())) {
                    List<String> slowest = List.of();
                    double slowestNanos = -1;
                    for (String b : fork.branches()) {
                        Optional<Route> inner = ex.route(fork.fork(), fork.join(), b);
                        if (inner.isPresent()) {
                            List<String> branchTools = new ArrayList<>();
                            toolsAlong(inner.get().vertices().subList(1, inner.get().vertices().size()), branchTools);
                            double nanos = branchTools.stream().mapToDouble(ex.budget::fastestRunNanos).sum();
                            if (nanos > slowestNanos) {
                                slowest = branchTools;
                                slowestNanos = nanos;
                            }
                        }
                    }
                    tools.addAll(slowest);
                    continue;
                }
                Step s = graph.step(id).orElseThrow();
                if (s.invokesTool() && !ex.completedSteps.contains(s.id())) {
                    tools.add(s.invokedTool());
                }
            }
        }

        /** Handles "no path from here": reroute, hand up, demote or escalate. True to continue synchronously. */
        private boolean resolve() {
            if (ex.resolutions.incrementAndGet() > config.maxReroutes()) {
                return escalate("gave up after " + config.maxReroutes() + " reroutes and demotions", noRoute("too many reroutes"));
            }
            Found found = findRoute(target);
            if (found != null) {
                for (String failed : pendingOrNone()) {
                    ex.emit(new Rerouted(ex.traceId, clock.instant(), failed, found.from, found.route.vertices(), cause()));
                }
                pending.clear();
                adopt(found.route.vertices());
                return true;
            }
            if (branch != null) {
                List<String> sink = Objects.requireNonNull(pendingSink, "a branch has a pending sink");
                synchronized (sink) {
                    sink.addAll(pending);
                }
                pending.clear();
                return finish(ScopeOutcome.INFEASIBLE);
            }
            return demote();
        }

        private boolean demote() {
            String goal = ex.goal;
            for (String lesser : ladder(goal)) {
                Found found = findRoute(lesser);
                if (found != null) {
                    for (String failed : pendingOrNone()) {
                        ex.emit(new Demoted(ex.traceId, clock.instant(), failed, goal, lesser, Demoted.DecidedBy.LADDER));
                    }
                    moveGoal(lesser, found);
                    return true;
                }
            }
            if (policy == null) {
                return deadEnd("no route to goal '" + goal + "' and no reachable lesser goal", noRoute("no route to goal '" + goal + "'"));
            }
            Map<String, Found> reachable = new LinkedHashMap<>();
            for (String other : graph.goals()) {
                if (!other.equals(goal) && !ex.abandonedGoals.contains(other)) {
                    Found found = findRoute(other);
                    if (found != null) {
                        reachable.put(other, found);
                    }
                }
            }
            if (reachable.isEmpty()) {
                return deadEnd("no route to goal '" + goal + "' and no other goal is reachable", noRoute("no route to goal '" + goal + "'"));
            }
            String position = path == null ? visited.getLast() : path.get(pos); // no path yet: infeasible from where the scope began
            EscalationRequest request = new EscalationRequest(graph.name(), goal, position, List.copyOf(reachable.keySet()),
                    unhealthyTools(), lastError, ex.traceId, failedSteps());
            CompletableFuture<EscalationDecision> decision;
            try {
                decision = policy.decide(request).toCompletableFuture();
            } catch (RuntimeException e) {
                decision = CompletableFuture.failedFuture(e);
            }
            if (!decision.isDone()) {
                decision.whenComplete((d, failure) -> {
                    if (guarded(() -> onDecision(goal, d, failure, reachable))) {
                        advance();
                    }
                });
                return false;
            }
            return decision.handle((d, failure) -> onDecision(goal, d, failure, reachable)).join();
        }

        private boolean onDecision(String goal, EscalationDecision decision, Throwable failure, Map<String, Found> reachable) {
            if (failure != null || decision == null) {
                return escalate("the escalation policy failed: " + (failure == null ? "no decision" : failure), noRoute("no route to goal '" + goal + "'"));
            }
            return switch (decision) {
                case EscalationDecision.Escalate e -> escalate("the escalation policy escalated: " + e.reason(), noRoute(e.reason()));
                case EscalationDecision.DemoteTo d when reachable.containsKey(d.goal()) -> {
                    Found found = findRoute(d.goal()); // health may have moved while the policy thought
                    if (found == null) {
                        yield escalate("the escalation policy chose '" + d.goal() + "', which is no longer reachable", noRoute("no route"));
                    }
                    for (String failed : pendingOrNone()) {
                        ex.emit(new Demoted(ex.traceId, clock.instant(), failed, goal, d.goal(), Demoted.DecidedBy.POLICY));
                    }
                    moveGoal(d.goal(), found);
                    yield true;
                }
                case EscalationDecision.DemoteTo d -> escalate("the escalation policy chose '" + d.goal()
                        + "', which is not one of the reachable goals " + reachable.keySet(), noRoute("no route to goal '" + goal + "'"));
            };
        }

        private void moveGoal(String lesser, Found found) {
            ex.abandonedGoals.add(ex.goal);
            ex.goal = lesser;
            target = lesser;
            pending.clear();
            adopt(found.route.vertices());
        }

        /** The goal's own ladder, then the rest of the requested goal's ladder; untried goals only. */
        private List<String> ladder(String goal) {
            Set<String> candidates = new LinkedHashSet<>(graph.demotionLadder(goal));
            List<String> requested = graph.demotionLadder(ex.requestedGoal);
            int at = requested.indexOf(goal);
            candidates.addAll(requested.subList(at + 1, requested.size()));
            candidates.remove(goal);
            candidates.removeAll(ex.abandonedGoals);
            return List.copyOf(candidates);
        }

        /** The request's step failures so far, in the order they happened. */
        private List<StepFailed> failedSteps() {
            synchronized (ex.events) {
                return ex.events.stream().filter(StepFailed.class::isInstance).map(StepFailed.class::cast).toList();
            }
        }

        private Map<String, ToolHealth> unhealthyTools() {
            Map<String, ToolHealth> unhealthy = new LinkedHashMap<>();
            for (String tool : graph.tools()) {
                ToolHealth h = router.health().health(tool);
                if (h != ToolHealth.healthy()) {
                    unhealthy.put(tool, h);
                }
            }
            for (String tool : ex.failures.keySet()) {
                unhealthy.putIfAbsent(tool, ToolHealth.unavailable("failed in this request"));
            }
            return unhealthy;
        }

        /**
         * Escalates at a dead end. When a failure that may have had an effect is what left no route
         * (every other way would repeat it), that failure is the error the caller gets.
         */
        private boolean deadEnd(String reason, ToolError noRoute) {
            if (effectFailure == null) {
                return escalate(reason, noRoute);
            }
            return escalate("'" + effectFailure.tool() + "' is neither read-only nor idempotent and its failure may have had an effect ("
                    + effectFailure.sideEffects() + "); " + reason + " that does not repeat it: not rerouted, to avoid doing it twice",
                    effectFailure.withAction(RecoveryAction.ESCALATE));
        }

        /** Escalates the request, resolving every pending failure of this scope; the error lists the effects applied so far. */
        private boolean escalate(String reason, ToolError error) {
            ToolError withTrace = error.traceId() == null ? error.withTraceId(ex.traceId) : error;
            List<AppliedEffect> effects = ex.effectsSnapshot();
            if (!effects.isEmpty()) {
                withTrace = withTrace.withAppliedEffects(effects);
                if (withTrace.sideEffects() == SideEffects.NONE) {
                    withTrace = withTrace.withSideEffects(SideEffects.POSSIBLE);
                }
            }
            for (String failed : pendingOrNone()) {
                ex.emit(new Escalated(ex.traceId, clock.instant(), failed, ex.goal, reason, withTrace));
            }
            pending.clear();
            ex.fatal = withTrace;
            return finish(ScopeOutcome.FATAL);
        }

        private ToolError noRoute(String message) {
            SideEffects se = lastError == null ? SideEffects.NONE : lastError.sideEffects();
            List<String> hints = lastError == null ? List.of() : List.of("last failure: " + lastError.category() + " at " + lastError.tool());
            return new ToolError(ErrorCategory.NO_ROUTE, RecoveryAction.ESCALATE, message, null, se, hints, ex.traceId, null);
        }

        private ErrorCategory cause() {
            return lastError == null ? ErrorCategory.NO_ROUTE : lastError.category();
        }

        private List<String> pendingOrNone() {
            return pending.isEmpty() ? Collections.singletonList(null) : List.copyOf(pending);
        }

        private @Nullable Found findRoute(String goal) {
            Set<String> tried = new LinkedHashSet<>();
            for (int i = visited.size() - 1; i >= 0; i--) {
                String from = visited.get(i);
                if (tried.add(from)) {
                    Optional<Route> route = ex.route(from, goal, branch);
                    if (route.isPresent()) {
                        return new Found(from, route.get());
                    }
                }
            }
            return null;
        }

        private void adopt(List<String> vertices) {
            path = vertices;
            pos = 0;
        }

        private boolean finish(ScopeOutcome outcome) {
            done.complete(outcome);
            return false;
        }
    }

    private record Found(String from, Route route) {
    }
}
