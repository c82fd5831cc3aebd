package dev.detour.server.config;

import dev.detour.router.graph.ToolGraph;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A goal tool: a multi-step tool graph (tool-graphs format) exposed to the agent as one MCP tool and
 * executed with healing. The graph names tools abstractly ({@code openai.chat}); the bindings say
 * which upstream tool performs each. Immutable.
 *
 * @param name        the tool name the agent sees
 * @param description the tool description the agent sees
 * @param graphFile   the graph file as configured (relative to the config file)
 * @param graph       the loaded, validated graph, with its own tool names
 * @param inputSchema the JSON Schema of the arguments; they become the graph's {@code ${input/...}}
 * @param bindings    graph tool name → the upstream tool that performs it; covers every graph tool
 * @param outputs     the step outputs returned to the agent; empty returns every output
 */
public record GoalToolConfig(
        String name,
        String description,
        String graphFile,
        ToolGraph graph,
        Map<String, Object> inputSchema,
        Map<String, ProviderBinding> bindings,
        List<String> outputs) {

    public GoalToolConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(graphFile, "graphFile");
        Objects.requireNonNull(graph, "graph");
        inputSchema = LogicalToolConfig.schemaOrDefault(inputSchema);
        bindings = Map.copyOf(bindings);
        outputs = List.copyOf(outputs);
        for (String tool : graph.tools()) {
            if (!bindings.containsKey(tool)) {
                throw new IllegalArgumentException("goal tool '" + name + "': graph tool '" + tool + "' has no binding");
            }
        }
    }
}
