package dev.detour.router.exec;

import dev.detour.router.graph.ToolAnnotations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One tool invocation as the router asks for it.
 *
 * @param traceId     the request's trace id
 * @param step        the graph step being executed
 * @param tool        the tool to call
 * @param arguments   rendered arguments
 * @param annotations the tool's MCP annotations
 * @param timeout     the window ATBA gave this call
 */
public record ToolCall(String traceId, String step, String tool, Map<String, Object> arguments, ToolAnnotations annotations, Duration timeout) {

    public ToolCall {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(timeout, "timeout");
        arguments = arguments == null ? Map.of() : arguments;
    }
}
