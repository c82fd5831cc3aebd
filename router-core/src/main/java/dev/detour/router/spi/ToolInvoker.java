package dev.detour.router.spi;

import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import java.util.concurrent.CompletionStage;

/**
 * Performs one tool call. The unit of work every decorator and transport wraps.
 *
 * <p>Report failures as a {@link ToolOutcome.Failure} value when you can classify them; a stage
 * completed exceptionally (or an exception thrown) is classified by {@code ErrorClassifier}.
 * Honour {@link ToolCall#timeout()}: the router also enforces it, but only the invoker can cancel
 * the work underneath.
 *
 * <p>Cancellation: when the request is cancelled, the router cancels the stage this returned (via
 * {@code toCompletableFuture().cancel(false)}); an invoker that can stop the work underneath should
 * react to that.
 */
@FunctionalInterface
public interface ToolInvoker {

    CompletionStage<ToolOutcome> invoke(ToolCall call);

    /**
     * True when this invoker extends a call's window itself while the tool shows signs of life
     * (e.g. MCP progress notifications), up to {@link ToolCall#maxTimeout()}. The router then
     * enforces {@code maxTimeout} rather than {@code timeout}, leaving the window to the invoker.
     */
    default boolean extendsWindowOnProgress() {
        return false;
    }
}
