package dev.detour.health;

import dev.detour.router.exec.ToolOutcome;

/**
 * How a call outcome counts for health: a success, a failure of the tool, or neither.
 *
 * <p>SERF categories whose {@link dev.detour.router.error.ErrorCategory#ignoredByHealth()} is true
 * (bad arguments, missing thing, caller identity, budget, the router's own verdicts) are {@link
 * #IGNORED}: they say nothing about the provider, so one bad agent cannot take a provider down for
 * everyone. Every built-in monitor classifies outcomes through {@link #of}.
 */
public enum OutcomeKind {
    /** The tool answered. */
    SUCCESS,
    /** The tool failed in a way that reflects on its health. */
    FAILURE,
    /** Not the tool's fault; neither a success nor a failure. */
    IGNORED;

    /** Classifies one outcome. */
    public static OutcomeKind of(ToolOutcome outcome) {
        return switch (outcome) {
            case ToolOutcome.Success ignored -> SUCCESS;
            case ToolOutcome.Failure f -> f.error().category().ignoredByHealth() ? IGNORED : FAILURE;
        };
    }
}
