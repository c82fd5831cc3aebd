package dev.detour.server.heal;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.config.ProviderBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One tool the agent sees, served by interchangeable upstream tools: a one-step router-core graph
 * {@code start → provider → done} with one alternative per provider, costed as configured, whose
 * steps carry the tool's MCP annotations.
 *
 * <p>A call goes to the cheapest healthy provider (ties: declaration order); when it fails, router-core
 * excludes it and takes the next — but only when that cannot repeat an effect: the tool is read-only
 * or idempotent, or the failed request never reached its upstream (side effects {@code NONE}).
 * Otherwise the call ends at once with an error saying the effect may have happened. Thread-safe.
 */
public final class LogicalTool {

    private static final String START = "start";
    private static final String DONE = "done";
    private static final String OUTPUT = "result";

    private final LogicalToolConfig config;
    private final SharedRouting routing;
    private final Router router;
    private final Map<String, ProviderBinding> bindings;
    private final ToolInvoker providers;
    private final RouterConfig routerConfig;
    /** Routers over fewer providers, by the router ids they keep: for callers whose policy allows only some. */
    private final Map<Set<String>, Router> restricted = new ConcurrentHashMap<>();

    private LogicalTool(LogicalToolConfig config, SharedRouting routing, Router router, Map<String, ProviderBinding> bindings,
            ToolInvoker providers, RouterConfig routerConfig) {
        this.config = config;
        this.routing = routing;
        this.router = router;
        this.bindings = bindings;
        this.providers = providers;
        this.routerConfig = routerConfig;
    }

    /**
     * A logical tool calling its providers through {@code upstreams}.
     *
     * @param routerConfig budgets and limits (the {@code budgets} section, {@code DetourConfig#routing()})
     */
    public static LogicalTool create(LogicalToolConfig config, UpstreamDirectory upstreams, SharedRouting routing, RouterConfig routerConfig) {
        return create(config, routing.invoker(upstreams, bindingsByStep(config)), routing, routerConfig);
    }

    /**
     * A logical tool calling its providers through {@code providers}, which receives one call per
     * attempt: step and tool are the provider's router id, the arguments are the agent's.
     */
    static LogicalTool create(LogicalToolConfig config, ToolInvoker providers, SharedRouting routing, RouterConfig routerConfig) {
        Router router = routing.router(graph(config, id -> true), routerConfig, false).invoker(providers).build();
        return new LogicalTool(config, routing, router, bindingsByStep(config), providers, routerConfig);
    }

    /** Each provider's binding by its step id, which is its router id. */
    private static Map<String, ProviderBinding> bindingsByStep(LogicalToolConfig config) {
        Map<String, ProviderBinding> bindings = new LinkedHashMap<>();
        config.providers().forEach(p -> bindings.put(p.binding().routerToolId(), p.binding()));
        return bindings;
    }

    /**
     * The one-step graph of a logical tool, named for it; step ids and tools are the providers' router
     * ids, and each step's arguments are the agent's, as sent (the request's inputs).
     */
    private static ToolGraph graph(LogicalToolConfig config, Predicate<String> keep) {
        ToolGraph.Builder b = ToolGraph.builder(config.name()).start(START);
        for (LogicalToolConfig.Provider p : config.providers()) {
            String id = p.binding().routerToolId();
            if (!keep.test(id)) {
                continue;
            }
            b.step(new Step(id, id, OUTPUT, ArgumentTemplate.INPUTS, config.hints().routing(), null));
            b.transition(START, id, p.cost());
            b.transition(id, DONE, 0);
        }
        return b.waypoint(DONE).goal(DONE).build();
    }

    public String name() {
        return config.name();
    }

    public LogicalToolConfig config() {
        return config;
    }

    /** The router behind it (for plans, stats and tests). */
    public Router router() {
        return router;
    }

    /** The MCP {@code Tool} object for {@code tools/list}. */
    public Map<String, Object> descriptor() {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", config.name());
        tool.put("description", config.description());
        tool.put("inputSchema", config.inputSchema());
        Map<String, Object> annotations = config.hints().toMcp();
        if (!annotations.isEmpty()) {
            tool.put("annotations", annotations);
        }
        return tool;
    }

    /**
     * Calls the tool.
     *
     * @param arguments the agent's arguments
     * @param budget    the call's deadline from now
     * @return the {@code CallToolResult} for the agent: the provider's result with the route in
     *     {@code _meta["dev.detour/route"]}, or an {@code isError} result with a SERF object. The
     *     stage always completes normally.
     */
    public CompletableFuture<Map<String, Object>> call(Map<String, Object> arguments, Duration budget) {
        return call(arguments, budget, null);
    }

    /**
     * Like {@link #call(Map, Duration)}, telling {@code progress} (when not null) what the call does as
     * it goes — providers answered or failed, reroutes, the provider's own progress — one line at a
     * time, on whatever thread it happens on.
     */
    public CompletableFuture<Map<String, Object>> call(Map<String, Object> arguments, Duration budget, Consumer<String> progress) {
        return call(arguments, budget, progress, Caller.ANYONE);
    }

    /**
     * Like {@link #call(Map, Duration, Consumer)} for {@code caller}: routing only through the
     * providers whose router ids ({@code tool@upstream}) are in its {@link Caller#allowedProviders()} —
     * the ones its policy lets it use — so a failover never reaches a provider the caller may not
     * use, and telling upstreams that forward identity who it is. The restricted router is a view
     * over the same health and latency sketches, kept per provider set.
     *
     * @throws IllegalArgumentException when the allowed providers keep none of this tool's
     */
    public CompletableFuture<Map<String, Object>> call(Map<String, Object> arguments, Duration budget, Consumer<String> progress,
            Caller caller) {
        Set<String> allowed = caller.allowedProviders();
        Router chosen = router;
        if (allowed != null && !allowed.containsAll(bindings.keySet())) {
            Set<String> kept = bindings.keySet().stream().filter(allowed::contains).collect(Collectors.toUnmodifiableSet());
            if (kept.isEmpty()) {
                throw new IllegalArgumentException("no provider of '" + config.name() + "' is allowed");
            }
            chosen = restricted.computeIfAbsent(kept, ids -> routing.router(graph(config, ids::contains), routerConfig, false)
                    .invoker(providers).build());
        }
        return CancellationChain.map(routing.route(chosen, RouteRequest.to(DONE, arguments).withBudget(budget),
                progress, caller.identity()), this::toResult);
    }

    private Map<String, Object> toResult(RouteResult result) {
        if (result.status() == RouteResult.Status.ESCALATED) {
            ToolError error = agentError(result);
            boolean mayHaveActed = !config.hints().routing().safeToRepeat() && error.sideEffects() != SideEffects.NONE
                    && error.category() != ErrorCategory.NO_ROUTE && error.category() != ErrorCategory.BUDGET_EXHAUSTED;
            return CallToolResults.error(config.name(), error, RouteWire.summary(result, null), mayHaveActed);
        }
        List<StepSucceeded> successes = RouteEvents.of(result, StepSucceeded.class);
        Map<String, Object> route = RouteWire.summary(result, successes.isEmpty() ? null : bindings.get(successes.getLast().step()));
        Map<String, Object> answer = new LinkedHashMap<>();
        if (result.output(OUTPUT) instanceof Map<?, ?> provided) {
            provided.forEach((k, v) -> answer.put(String.valueOf(k), v));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (answer.get("_meta") instanceof Map<?, ?> upstreamMeta) {
            upstreamMeta.forEach((k, v) -> meta.put(String.valueOf(k), v));
        }
        meta.put(CallToolResults.ROUTE_META, route);
        answer.put("_meta", meta);
        return answer;
    }

    /**
     * The router's verdict, except that "no provider left" after a provider ran out of time is
     * reported as the TIMEOUT it is: the agent must see that its deadline, not an outage, ended the call.
     */
    private ToolError agentError(RouteResult result) {
        ToolError verdict = result.error();
        List<StepFailed> failures = RouteEvents.of(result, StepFailed.class);
        if (verdict.category() == ErrorCategory.NO_ROUTE && !failures.isEmpty()
                && failures.getLast().error().category() == ErrorCategory.TIMEOUT) {
            ToolError last = failures.getLast().error();
            List<String> hints = new ArrayList<>(verdict.hints());
            hints.add("send a larger budget in _meta \"" + BudgetHint.META_KEY + "\"");
            return new ToolError(ErrorCategory.TIMEOUT, RecoveryAction.ESCALATE, "no provider of '" + config.name()
                    + "' answered in time; the last one tried, " + last.tool() + ", timed out", null, last.sideEffects(), hints,
                    verdict.traceId(), last.tool());
        }
        return verdict;
    }
}
