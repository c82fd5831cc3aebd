package dev.detour.server.heal;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.budget.BudgetConfig;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.spi.RouteListener;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.config.ProviderBinding;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every healing tool's router shares: the health view (fed by health monitors, so one outage
 * reroutes every tool that uses the failing upstream tool), the latency sketches ATBA splits budgets
 * by, listeners for route events and call outcomes, observers that need to know which healing tool
 * an event belongs to (metrics), the escalation policy of goal tools, and time (the ticker that measures
 * it and the scheduler that enforces call windows and deadlines). Immutable; build with
 * {@link #builder()}.
 *
 * @param health           the shared health view, keyed by router tool id ({@code tool@upstream})
 * @param latencies        the shared per-tool latency sketches
 * @param listeners        receive every route event (journal, metrics, logs)
 * @param outcomeListeners receive every upstream call's outcome (health monitors)
 * @param observers        receive every healing tool's route events and call ends, by tool
 * @param progress         tells agents that asked for progress what their calls are doing
 * @param escalationPolicy asked by goal tools when no path and no ladder step is left, or {@code null}
 * @param ticker           elapsed time
 * @param scheduler        arms the routers' and the upstream invokers' call windows
 * @param clock            wall-clock time for event stamps
 * @param identities       the identity behind each call in flight, for upstreams that forward it
 */
public record SharedRouting(
        HealthView health,
        LatencySketches latencies,
        List<RouteListener> listeners,
        List<OutcomeListener> outcomeListeners,
        List<HealingObserver> observers,
        ProgressRelay progress,
        EscalationPolicy escalationPolicy,
        Ticker ticker,
        Scheduler scheduler,
        InstantSource clock,
        CallerIdentities identities) {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRouting.class);

    public SharedRouting {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(latencies, "latencies");
        listeners = List.copyOf(listeners);
        outcomeListeners = List.copyOf(outcomeListeners);
        observers = List.copyOf(observers);
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(identities, "identities");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same sharing with another escalation policy: what one config generation's goal tools ask
     * (the {@code llm} section may change on reload while health, sketches and listeners stay).
     */
    public SharedRouting withEscalationPolicy(EscalationPolicy policy) {
        return new SharedRouting(health, latencies, listeners, outcomeListeners, observers, progress, policy, ticker, scheduler, clock,
                identities);
    }

    /**
     * A router over {@code graph} with everything shared here and {@code config}'s budgets and limits.
     *
     * @param graph named for the healing tool it serves: observers label its events with that name
     */
    Router.Builder router(dev.detour.router.graph.ToolGraph graph, RouterConfig config, boolean withPolicy) {
        Router.Builder b = Router.builder(graph).health(health).latencySketches(latencies).config(config).ticker(ticker)
                .scheduler(scheduler).clock(clock);
        listeners.forEach(b::listener);
        observers.forEach(o -> b.listener(o.listenerFor(graph)));
        b.listener(progress);
        outcomeListeners.forEach(b::outcomeListener);
        if (withPolicy && escalationPolicy != null) {
            b.escalationPolicy(escalationPolicy);
        }
        return b;
    }

    /**
     * The invoker that calls {@code bindingsByStep}'s upstream tools through {@code upstreams}, on this
     * routing's time and telling its progress relay what the upstreams report.
     */
    UpstreamToolInvoker invoker(UpstreamDirectory upstreams, Map<String, ProviderBinding> bindingsByStep) {
        return new UpstreamToolInvoker(upstreams, bindingsByStep, progress, ticker, scheduler, identities);
    }

    /**
     * Routes {@code request} on {@code router} (one built by {@link #router}) and reports the call's end
     * to the observers, telling {@code progressListener} (when not null) what the call does as it goes,
     * one line at a time, on whatever thread it happens on. Cancelling the returned future cancels the
     * route, as {@link Router#routeAsync} does.
     */
    CompletableFuture<RouteResult> route(Router router, RouteRequest request, Consumer<String> progressListener) {
        return route(router, request, progressListener, null);
    }

    /**
     * Like {@link #route(Router, RouteRequest, Consumer)}; {@code identity} (when not null) is what
     * every step sent to an upstream that forwards identity carries in {@code _meta}.
     */
    CompletableFuture<RouteResult> route(Router router, RouteRequest request, Consumer<String> progressListener, Map<String, Object> identity) {
        long started = ticker.nanos();
        CompletableFuture<RouteResult> routing;
        if (progressListener == null && identity == null) {
            routing = router.routeAsync(request);
        } else {
            String traceId = request.traceId() != null ? request.traceId() : UUID.randomUUID().toString();
            if (progressListener != null) {
                progress.open(traceId, progressListener);
            }
            if (identity != null) {
                identities.open(traceId, identity);
            }
            routing = router.routeAsync(request.withTraceId(traceId));
            routing.whenComplete((result, failure) -> {
                progress.close(traceId);
                identities.close(traceId);
            });
        }
        if (!observers.isEmpty()) {
            String tool = router.graph().name();
            routing.thenAccept(result -> {
                Duration elapsed = Duration.ofNanos(ticker.nanos() - started);
                for (HealingObserver o : observers) {
                    try {
                        o.onCallEnded(tool, result, elapsed);
                    } catch (RuntimeException e) {
                        LOG.warn("healing observer {} failed on the end of a call of {}; ignored", o, tool, e);
                    }
                }
            });
        }
        return routing;
    }

    /** Builder: a fresh all-healthy view, fresh sketches, no listeners or observers, no policy, system time. */
    public static final class Builder {
        private HealthView health;
        private LatencySketches latencies;
        private final List<RouteListener> listeners = new ArrayList<>();
        private final List<OutcomeListener> outcomeListeners = new ArrayList<>();
        private final List<HealingObserver> observers = new ArrayList<>();
        private EscalationPolicy escalationPolicy;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = Scheduler.system();
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        public Builder health(HealthView v) {
            this.health = v;
            return this;
        }

        public Builder latencies(LatencySketches v) {
            this.latencies = v;
            return this;
        }

        public Builder listener(RouteListener v) {
            listeners.add(Objects.requireNonNull(v, "listener"));
            return this;
        }

        public Builder outcomeListener(OutcomeListener v) {
            outcomeListeners.add(Objects.requireNonNull(v, "outcomeListener"));
            return this;
        }

        public Builder observer(HealingObserver v) {
            observers.add(Objects.requireNonNull(v, "observer"));
            return this;
        }

        public Builder escalationPolicy(EscalationPolicy v) {
            this.escalationPolicy = v;
            return this;
        }

        public Builder ticker(Ticker v) {
            this.ticker = v;
            return this;
        }

        public Builder scheduler(Scheduler v) {
            this.scheduler = v;
            return this;
        }

        public Builder clock(InstantSource v) {
            this.clock = v;
            return this;
        }

        public SharedRouting build() {
            return new SharedRouting(health != null ? health : new HealthView(clock),
                    latencies != null ? latencies : new LatencySketches(BudgetConfig.DEFAULT_RELATIVE_ACCURACY),
                    listeners, outcomeListeners, observers, new ProgressRelay(), escalationPolicy, ticker, scheduler, clock,
                    new CallerIdentities());
        }
    }
}
