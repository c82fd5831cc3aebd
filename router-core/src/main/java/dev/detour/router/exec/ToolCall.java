package dev.detour.router.exec;

import dev.detour.router.graph.ToolAnnotations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool invocation as the router asks for it.
 *
 * @param traceId     the request's trace id
 * @param step        the graph step being executed
 * @param tool        the tool to call
 * @param arguments   rendered arguments
 * @param annotations the tool's MCP annotations
 * @param timeout     the window ATBA gave this call
 * @param maxTimeout  the longest the call may run: the time left before the request's deadline when
 *                    it started. An invoker that {@linkplain dev.detour.router.spi.ToolInvoker#extendsWindowOnProgress()
 *                    extends windows on progress} may run past {@code timeout}, never past this
 */
public record ToolCall(String traceId, String step, String tool, Map<String, Object> arguments, ToolAnnotations annotations,
        Duration timeout, Duration maxTimeout) {

    public ToolCall {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (maxTimeout.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("maxTimeout " + maxTimeout + " is shorter than the window " + timeout);
        }
        arguments = arguments == null ? Map.of() : arguments;
    }

    /**
     * The same call with other arguments — for an invoker that passes a call on reshaped; everything
     * else, the windows included, stays as the router set it.
     */
    public ToolCall withArguments(Map<String, Object> newArguments) {
        return new ToolCall(traceId, step, tool, newArguments, annotations, timeout, maxTimeout);
    }

    /**
     * The key an upstream that deduplicates (Stripe-style) can use to recognise a resend of this
     * call: {@code traceId/step}, the same on every resend within the request — and for an agent that
     * resends a whole request with the same trace id. Empty for read-only tools, whose calls need none.
     * Sent upstream as {@code _meta["dev.detour/idempotencyKey"]}.
     */
    public Optional<String> idempotencyKey() {
        return annotations.readOnly() || traceId == null ? Optional.empty() : Optional.of(traceId + "/" + step);
    }

    /** A call whose window cannot be extended: {@code maxTimeout == timeout}. */
    public ToolCall(String traceId, String step, String tool, Map<String, Object> arguments, ToolAnnotations annotations, Duration timeout) {
        this(traceId, step, tool, arguments, annotations, timeout, timeout);
    }
}
