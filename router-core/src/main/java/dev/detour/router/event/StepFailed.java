package dev.detour.router.event;

import dev.detour.router.error.ToolError;
import java.time.Duration;
import java.time.Instant;

/** A step's tool call failed; a {@link Rerouted}, {@link Demoted} or {@link Escalated} follows. */
public record StepFailed(String traceId, Instant at, String step, String tool, ToolError error, Duration latency) implements RouteEvent {
}
