package dev.detour.router.event;

import dev.detour.router.error.ToolError;
import java.time.Instant;

/**
 * The request ends here and is handed back explicitly, with a SERF error that says why.
 *
 * @param failedStep the failure this resolves, or {@code null}
 * @param goal       the goal that could not be reached
 * @param reason     one sentence naming the decision (e.g. why a step was not rerouted)
 * @param error      the SERF error returned to the caller
 */
public record Escalated(String traceId, Instant at, String failedStep, String goal, String reason, ToolError error)
        implements RouteEvent {

    @Override
    public String resolves() {
        return failedStep;
    }
}
