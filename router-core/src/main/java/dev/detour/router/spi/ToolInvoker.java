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
 */
@FunctionalInterface
public interface ToolInvoker {
    CompletionStage<ToolOutcome> invoke(ToolCall call);
}
