package dev.detour.server.upstream;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;

/**
 * An upstream could not answer: unreachable, crashed, timed out, or answered garbage. It carries the
 * SERF {@link ToolError} that reaches the agent (as an {@code isError} result for {@code tools/call},
 * as JSON-RPC {@code error.data} otherwise). No stack trace: it is a value crossing a boundary.
 */
public final class UpstreamException extends RuntimeException {

    private final transient ToolError error;

    public UpstreamException(ToolError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** Shorthand for an error of {@code category}. */
    public static UpstreamException of(ErrorCategory category, String message, SideEffects sideEffects) {
        return new UpstreamException(ToolError.of(category, message, sideEffects));
    }

    public ToolError error() {
        return error;
    }

    /** The same failure, tagged with the upstream's name. */
    public UpstreamException withTool(String tool) {
        return new UpstreamException(error.withTool(tool));
    }
}
