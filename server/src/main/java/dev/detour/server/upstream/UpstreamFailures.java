package dev.detour.server.upstream;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ErrorClassifier;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.error.ToolErrorException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Upstream failures — unreachable, crashed, timed out, answered garbage — as router-core's {@link
 * ToolErrorException}: made here, with the upstream's name as the SERF error's {@code tool}, and read
 * back here. This is the one place that turns a throwable from the upstream path into the {@link
 * ToolError} the agent gets (an {@code isError} result for {@code tools/call}, JSON-RPC {@code
 * error.data} otherwise). Stateless; safe from any thread.
 */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** A failure of upstream {@code upstream}: a SERF error of {@code category} naming the upstream as its tool. */
    public static ToolErrorException failure(String upstream, ErrorCategory category, String message, SideEffects sideEffects) {
        return new ToolErrorException(ToolError.of(category, message, sideEffects).withTool(upstream));
    }

    /**
     * {@code failure} as a failure of {@code upstream}: the SERF error it carries, naming the upstream
     * when it names no tool; any other exception — one that escaped a transport — as {@code category}
     * with unknown side effects, since nobody can tell how far the request got.
     */
    public static ToolErrorException asFailureOf(String upstream, Throwable failure, ErrorCategory category) {
        ToolError error = carried(failure)
                .map(carried -> carried.tool() == null ? carried.withTool(upstream) : carried)
                .orElseGet(() -> ToolError.of(category, "upstream '" + upstream + "': " + failure.getMessage(), SideEffects.UNKNOWN)
                        .withTool(upstream));
        return new ToolErrorException(error);
    }

    /**
     * The SERF error behind {@code failure}: the one it carries, else {@link ErrorClassifier#fromThrowable}'s
     * verdict on the exception.
     */
    public static ToolError toolError(Throwable failure) {
        return carried(failure).orElseGet(() -> ErrorClassifier.fromThrowable(failure));
    }

    /**
     * The text that says what went wrong: the carried SERF error's message (the exception's own message
     * also names the category), else the exception's message.
     */
    public static String message(Throwable failure) {
        return carried(failure).map(ToolError::message).orElseGet(failure::getMessage);
    }

    private static Optional<ToolError> carried(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof ToolErrorException carrier ? Optional.of(carrier.error()) : Optional.empty();
    }
}
