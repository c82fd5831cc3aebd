package dev.detour.router.event;

import java.time.Duration;
import java.time.Instant;

/** A step's tool call returned a result. */
public record StepSucceeded(String traceId, Instant at, String step, String tool, Duration latency) implements RouteEvent {
}
