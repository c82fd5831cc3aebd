package dev.detour.health.internal;

import dev.detour.router.exec.ToolOutcome;

/** One finished call, as queued for every monitor. */
public record Observation(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
}
