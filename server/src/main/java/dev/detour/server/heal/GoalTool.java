package dev.detour.server.heal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.router.graph.Fork;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Transition;
import dev.detour.server.config.GoalToolConfig;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.mcp.JsonRpc;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A multi-step tool graph (tool-graphs format, any topology) exposed to the agent as one MCP tool.
 * Its arguments become the graph's {@code ${input/...}}; router-core executes it with healing
 * (reroutes, the demotion ladder, the escalation policy) and the result carries the chosen outputs
 * and the route summary ({@link RouteWire}) in {@code structuredContent} and {@code _meta}, with a
 * one-line summary as text.
 *
 * <p>The graph's abstract tool names are replaced by the bound upstream tools' router ids
 * ({@code tool@upstream}) before routing, so a goal tool shares health with every logical tool
 * that uses the same upstream tool. Thread-safe.
 */
public final class GoalTool {

    private final GoalToolConfig config;
    private final ToolGraph graph;
    private final SharedRouting routing;
    private final Router router;

    private GoalTool(GoalToolConfig config, ToolGraph graph, SharedRouting routing, Router router) {
        this.config = config;
        this.graph = graph;
        this.routing = routing;
        this.router = router;
    }

    /**
     * A goal tool calling its bound upstream tools through {@code upstreams}.
     *
     * @param routerConfig budgets and limits (the {@code budgets} section, {@code DetourConfig#routing()})
     */
    public static GoalTool create(GoalToolConfig config, UpstreamDirectory upstreams, SharedRouting routing, RouterConfig routerConfig) {
        Map<String, ProviderBinding> byStep = new LinkedHashMap<>();
        for (Step s : config.graph().steps().values()) {
            if (s.invokesTool()) {
                byStep.put(s.id(), config.bindings().get(s.tool()));
            }
        }
        ToolGraph bound = bind(config.name(), config.graph(), byStep);
        Router router = routing.router(bound, routerConfig, true).invoker(routing.invoker(upstreams, byStep)).build();
        return new GoalTool(config, bound, routing, router);
    }

    /**
     * The same graph with each tool step invoking its bound upstream tool's router id, named {@code
     * name}: two goal tools may share a graph file, and metrics, the admin API and the escalation
     * policy tell them apart by the graph's name.
     */
    private static ToolGraph bind(String name, ToolGraph graph, Map<String, ProviderBinding> byStep) {
        ToolGraph.Builder b = ToolGraph.builder(name);
        for (Step s : graph.steps().values()) {
            String tool = s.invokesTool() ? byStep.get(s.id()).routerToolId() : null;
            b.step(new Step(s.id(), tool, s.output(), s.arguments(), s.annotations(), s.branch()));
        }
        b.start(graph.start());
        for (Transition t : graph.transitions()) {
            b.transition(t.from(), t.to(), t.baseCost());
        }
        for (String goal : graph.goals()) {
            b.goal(goal);
            List<String> ladder = graph.demotionLadder(goal);
            if (!ladder.isEmpty()) {
                b.demotion(goal, ladder.toArray(String[]::new));
            }
        }
        for (Fork f : graph.forks().values()) {
            b.fork(f.fork(), f.join(), f.branches().toArray(String[]::new));
        }
        return b.build();
    }

    public String name() {
        return config.name();
    }

    public GoalToolConfig config() {
        return config;
    }

    /** The graph as routed: named for this tool, its tools are upstream router ids. */
    public ToolGraph graph() {
        return graph;
    }

    public Router router() {
        return router;
    }

    /**
     * The MCP {@code Tool} object for {@code tools/list}; its annotations summarise the steps: read-only
     * or idempotent only when every step is, destructive when any step is.
     */
    public Map<String, Object> descriptor() {
        List<ToolAnnotations> steps = graph.steps().values().stream().filter(Step::invokesTool).map(Step::annotations).toList();
        Map<String, Object> annotations = new LinkedHashMap<>();
        boolean readOnly = steps.stream().allMatch(ToolAnnotations::readOnly);
        annotations.put("readOnlyHint", readOnly);
        if (!readOnly) {
            annotations.put("destructiveHint", steps.stream().anyMatch(ToolAnnotations::destructive));
            annotations.put("idempotentHint", steps.stream().allMatch(ToolAnnotations::safeToRepeat));
        }
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", config.name());
        tool.put("description", config.description());
        tool.put("inputSchema", config.inputSchema());
        tool.put("annotations", annotations);
        return tool;
    }

    /**
     * Runs the graph to its default goal.
     *
     * @param arguments the agent's arguments, visible to the graph as {@code ${input/...}}
     * @param budget    the call's deadline from now
     * @return the {@code CallToolResult} for the agent; the stage always completes normally
     */
    public CompletableFuture<Map<String, Object>> call(Map<String, Object> arguments, Duration budget) {
        return call(arguments, budget, null);
    }

    /**
     * Like {@link #call(Map, Duration)}, telling {@code progress} (when not null) what the call does as
     * it goes — steps answered or failed, reroutes, demotions, upstream progress — one line at a time,
     * on whatever thread it happens on.
     */
    public CompletableFuture<Map<String, Object>> call(Map<String, Object> arguments, Duration budget, Consumer<String> progress) {
        return call(arguments, budget, progress, Caller.ANYONE);
    }

    /**
     * Like {@link #call(Map, Duration, Consumer)} for {@code caller}: its identity goes to the upstreams
     * that forward identity. A goal tool runs on its bindings: the caller's allowed providers do not
     * restrict it (granting the goal tool grants them).
     */
    public CompletableFuture<Map<String, Object>> call(Map<String, Object> arguments, Duration budget, Consumer<String> progress, Caller caller) {
        return CancellationChain.map(routing.route(router, RouteRequest.to(graph.goals().iterator().next(), arguments).withBudget(budget),
                progress, caller.identity()), this::toResult);
    }

    private Map<String, Object> toResult(RouteResult result) {
        Map<String, Object> route = RouteWire.summary(result, null);
        if (result.status() == RouteResult.Status.ESCALATED) {
            ToolError error = result.error();
            return CallToolResults.error(config.name(), error, route, mayHaveActed(result, error));
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("goal", result.requestedGoal());
        structured.put("reachedGoal", result.reachedGoal());
        structured.put("status", result.status().name());
        structured.put("outputs", outputs(result));
        structured.put("route", route);
        Map<String, Object> answer = new LinkedHashMap<>();
        // MCP asks tools that return structuredContent to also return it serialized, for older clients
        answer.put("content", List.of(CallToolResults.text(summary(result)), CallToolResults.text(json(structured))));
        answer.put("structuredContent", structured);
        answer.put("isError", false);
        // the same place as a logical tool's and an error's, so an agent finds the route of every healing call in one spot
        answer.put("_meta", Map.of(CallToolResults.ROUTE_META, route));
        return answer;
    }

    private Map<String, Object> outputs(RouteResult result) {
        if (config.outputs().isEmpty()) {
            return result.outputs();
        }
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (String name : config.outputs()) {
            if (result.outputs().containsKey(name)) {
                chosen.put(name, result.outputs().get(name));
            }
        }
        return chosen;
    }

    private String summary(RouteResult r) {
        int steps = RouteEvents.of(r, StepSucceeded.class).size();
        String healing = count(RouteEvents.of(r, Rerouted.class).size(), "reroute") + ", " + count(RouteEvents.of(r, Demoted.class).size(), "demotion");
        if (r.status() == RouteResult.Status.DEMOTED) {
            return "'" + config.name() + "' could not reach goal '" + r.requestedGoal() + "' and reached the lesser goal '" + r.reachedGoal()
                    + "' instead, in " + count(steps, "tool step") + " (" + healing + ").";
        }
        return "'" + config.name() + "' reached goal '" + r.reachedGoal() + "' in " + count(steps, "tool step") + " (" + healing + ").";
    }

    /** True when the step that ended the call is unsafe to repeat and its request may have acted. */
    private boolean mayHaveActed(RouteResult result, ToolError error) {
        List<StepFailed> failures = RouteEvents.of(result, StepFailed.class);
        if (error.sideEffects() == SideEffects.NONE || error.category() == ErrorCategory.NO_ROUTE
                || error.category() == ErrorCategory.BUDGET_EXHAUSTED || failures.isEmpty()) {
            return false;
        }
        StepFailed last = failures.getLast();
        return graph.step(last.step()).map(s -> !s.annotations().safeToRepeat()).orElse(false);
    }

    private static String count(int n, String noun) {
        return n == 0 ? "no " + noun : n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String json(Map<String, Object> value) {
        try {
            return JsonRpc.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("route results are plain maps and always serialise", e);
        }
    }
}
