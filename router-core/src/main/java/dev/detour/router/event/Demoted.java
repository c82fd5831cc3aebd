package dev.detour.router.event;

import java.time.Instant;

/**
 * No path to {@code fromGoal} remained; the request now aims for the lesser {@code toGoal}.
 *
 * @param failedStep the failure this resolves, or {@code null} when the goal was infeasible from the start
 * @param decidedBy  who chose the lesser goal
 */
public record Demoted(String traceId, Instant at, String failedStep, String fromGoal, String toGoal, DecidedBy decidedBy)
        implements RouteEvent {

    @Override
    public String resolves() {
        return failedStep;
    }

    /** Who chose the demotion. */
    public enum DecidedBy {
        /** The goal's declared demotion ladder: no LLM involved. */
        LADDER,
        /** The configured {@code EscalationPolicy} (LLM-backed in router-langchain4j). */
        POLICY
    }
}
