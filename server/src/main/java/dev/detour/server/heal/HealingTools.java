package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.RouterConfig;
import dev.detour.router.graph.ToolGraph;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.config.GoalToolConfig;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.JsonValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The healing tools of one {@link DetourConfig} — its logical and goal tools — as the MCP endpoint
 * needs them: descriptors for {@code tools/list} and a handler for {@code tools/call}.
 *
 * <pre>{@code
 * HealingTools healing = HealingTools.create(config, UpstreamDirectory.of(context, clients), routing);
 * tools.addAll(healing.toolDescriptors());                            // tools/list
 * healing.call(name, params).ifPresentOrElse(reply, passThrough);     // tools/call
 * }</pre>
 *
 * <p>Thread-safe. Results complete on the upstreams' context or on a router timer thread; callers
 * confined to an event loop hop back themselves (e.g. {@code Future.fromCompletionStage(stage, context)}).
 */
public final class HealingTools {

    private final DetourConfig config;
    private final Map<String, LogicalTool> logical;
    private final Map<String, GoalTool> goals;

    private HealingTools(DetourConfig config, Map<String, LogicalTool> logical, Map<String, GoalTool> goals) {
        this.config = config;
        this.logical = logical;
        this.goals = goals;
    }

    /** Builds every logical and goal tool of {@code config} over {@code upstreams}, sharing {@code routing}. */
    public static HealingTools create(DetourConfig config, UpstreamDirectory upstreams, SharedRouting routing) {
        RouterConfig routerConfig = config.routing();
        Map<String, LogicalTool> logical = new LinkedHashMap<>();
        for (LogicalToolConfig t : config.logicalTools()) {
            logical.put(t.name(), LogicalTool.create(t, upstreams, routing, routerConfig));
        }
        Map<String, GoalTool> goals = new LinkedHashMap<>();
        for (GoalToolConfig g : config.goalTools()) {
            goals.put(g.name(), GoalTool.create(g, upstreams, routing, routerConfig));
        }
        return new HealingTools(config, Map.copyOf(logical), Map.copyOf(goals));
    }

    /** The MCP {@code Tool} objects of every logical tool, then every goal tool, in config order. */
    public List<ObjectNode> toolDescriptors() {
        List<ObjectNode> tools = new ArrayList<>();
        config.logicalTools().forEach(t -> tools.add(JsonRpc.MAPPER.valueToTree(logical.get(t.name()).descriptor())));
        config.goalTools().forEach(g -> tools.add(JsonRpc.MAPPER.valueToTree(goals.get(g.name()).descriptor())));
        return tools;
    }

    /**
     * The graph every healing tool routes over, named for the tool: logical tools, then goal tools, in
     * config order.
     */
    public List<ToolGraph> graphs() {
        List<ToolGraph> graphs = new ArrayList<>();
        config.logicalTools().forEach(t -> graphs.add(logical.get(t.name()).router().graph()));
        config.goalTools().forEach(g -> graphs.add(goals.get(g.name()).graph()));
        return graphs;
    }

    /** True when {@code name} is a healing tool (else the call is someone else's, e.g. pass-through). */
    public boolean handles(String name) {
        return logical.containsKey(name) || goals.containsKey(name);
    }

    public Optional<LogicalTool> logicalTool(String name) {
        return Optional.ofNullable(logical.get(name));
    }

    public Optional<GoalTool> goalTool(String name) {
        return Optional.ofNullable(goals.get(name));
    }

    /**
     * Handles a {@code tools/call} for a healing tool.
     *
     * @param name   the tool name
     * @param params the request's {@code params} ({@code arguments}, {@code _meta} with the optional
     *               budget hint {@code "dev.detour/budget"})
     * @return empty when {@code name} is not a healing tool; else the {@code CallToolResult}. The stage
     *     fails only with a {@link JsonRpcException} for protocol faults (malformed arguments or
     *     budget hint); tool failures are {@code isError} results. Cancelling it (the agent sent
     *     {@code notifications/cancelled}) stops the route and cancels its upstream call in flight.
     */
    public Optional<CompletableFuture<ObjectNode>> call(String name, ObjectNode params) {
        return call(name, params, null);
    }

    /**
     * Like {@link #call(String, ObjectNode)}, telling {@code progress} (when not null) what the call
     * does as it goes, one line at a time, on whatever thread it happens on — for an agent that sent a
     * {@code progressToken}.
     */
    public Optional<CompletableFuture<ObjectNode>> call(String name, ObjectNode params, Consumer<String> progress) {
        return call(name, params, progress, Caller.ANYONE);
    }

    /**
     * Like {@link #call(String, ObjectNode, Consumer)} for {@code caller}: a logical tool routes only
     * through the providers its policy allows, and upstreams that forward identity learn who it is. A
     * goal tool runs on its bindings: granting it grants them.
     */
    public Optional<CompletableFuture<ObjectNode>> call(String name, ObjectNode params, Consumer<String> progress, Caller caller) {
        LogicalTool logicalTool = logical.get(name);
        GoalTool goalTool = goals.get(name);
        if (logicalTool == null && goalTool == null) {
            return Optional.empty();
        }
        Map<String, Object> arguments;
        Duration budget;
        try {
            arguments = arguments(params);
            budget = BudgetHint.of(params, config.routing().budget());
        } catch (IllegalArgumentException e) {
            return Optional.of(CompletableFuture.failedFuture(JsonRpcException.inExchange(JsonRpcException.INVALID_PARAMS,
                    "Invalid params: " + e.getMessage())));
        }
        CompletableFuture<Map<String, Object>> result = logicalTool != null ? logicalTool.call(arguments, budget, progress, caller)
                : goalTool.call(arguments, budget, progress, caller);
        return Optional.of(CancellationChain.map(result, map -> (ObjectNode) JsonValues.toNode(map)));
    }

    private static Map<String, Object> arguments(JsonNode params) {
        JsonNode arguments = params == null ? null : params.get("arguments");
        if (arguments == null || arguments.isNull()) {
            return Map.of();
        }
        if (!arguments.isObject()) {
            throw new IllegalArgumentException("'arguments' must be an object, got " + arguments.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return JsonValues.toMap((ObjectNode) arguments);
    }
}
