package dev.detour.router;

import dev.detour.router.budget.LatencySketches;
import dev.detour.router.exec.RouteExecutor;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.route.Route;
import dev.detour.router.route.ShortestPathRouter;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.spi.RouteListener;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The entry point for embedding Detour: one graph, one invoker, shared health.
 *
 * <pre>{@code
 * Router router = Router.builder(graph)
 *         .invoker(call -> myTools.call(call))
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * RouteResult result = router.route(RouteRequest.to("report", Map.of("topic", "MCP")));
 * }</pre>
 *
 * <p>Asynchronous at the core ({@link #routeAsync}), with a blocking facade ({@link #route}).
 * Thread-safe: one router serves any number of concurrent requests.
 */
public final class Router {

    private final ToolGraph graph;
    private final HealthView health;
    private final ShortestPathRouter paths;
    private final RouteExecutor executor;

    private Router(Builder b) {
        this.graph = b.graph;
        this.health = b.health != null ? b.health : new HealthView(b.clock);
        this.paths = new ShortestPathRouter(graph, health);
        this.executor = new RouteExecutor(paths, Objects.requireNonNull(b.invoker, "invoker"), b.policy, b.listeners, b.outcomeListeners, b.config,
                b.sketches != null ? b.sketches : new LatencySketches(b.config.budget().relativeAccuracy()), b.ticker, b.scheduler, b.clock);
    }

    public static Builder builder(ToolGraph graph) {
        return new Builder(graph);
    }

    /**
     * Executes a request; the future always completes normally (escalations are results). Cancelling
     * it withdraws the request: no further step starts and the tool calls in flight are cancelled.
     */
    public CompletableFuture<RouteResult> routeAsync(RouteRequest request) {
        return executor.execute(request);
    }

    /** Executes a request and waits for its result. */
    public RouteResult route(RouteRequest request) {
        return executor.execute(request).join();
    }

    /** The route a new request to {@code goal} would take now, without executing it. */
    public Optional<Route> plan(String goal) {
        return paths.route(graph.start(), goal);
    }

    public ToolGraph graph() {
        return graph;
    }

    public HealthView health() {
        return health;
    }

    /** The pure router, with its cache statistics. */
    public ShortestPathRouter paths() {
        return paths;
    }

    /** Configures a {@link Router}. */
    public static final class Builder {
        private final ToolGraph graph;
        private final List<RouteListener> listeners = new ArrayList<>();
        private final List<OutcomeListener> outcomeListeners = new ArrayList<>();
        private @Nullable ToolInvoker invoker;
        private @Nullable HealthView health;
        private @Nullable EscalationPolicy policy;
        private RouterConfig config = RouterConfig.ofDefaults();
        private @Nullable LatencySketches sketches;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = Scheduler.system();
        private InstantSource clock = InstantSource.system();

        private Builder(ToolGraph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
        }

        /** Performs the tool calls (required). */
        public Builder invoker(ToolInvoker invoker) {
            this.invoker = Objects.requireNonNull(invoker, "invoker");
            return this;
        }

        /** Shares a health view (e.g. one fed by health monitors); default: a private all-healthy view. */
        public Builder health(HealthView health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /** Asked when no path and no ladder step is left; default: escalate directly. */
        public Builder escalationPolicy(@Nullable EscalationPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder listener(RouteListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder outcomeListener(OutcomeListener listener) {
            outcomeListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder config(RouterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Shares latency sketches across routers; default: private ones. */
        public Builder latencySketches(LatencySketches sketches) {
            this.sketches = Objects.requireNonNull(sketches, "sketches");
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Arms the call windows (a step's ATBA window, or its deadline when the invoker extends windows
         * on progress); default: {@link Scheduler#system()}. Pass the {@link dev.detour.router.time.ManualClock}
         * that is also the {@link #ticker} to run windows on manual time.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Router build() {
            if (invoker == null) {
                throw new IllegalStateException("Router.builder(" + graph.name() + "): invoker(...) is required");
            }
            return new Router(this);
        }
    }
}
