package dev.detour.router.escalate;

import dev.detour.router.error.ToolError;
import dev.detour.router.event.StepFailed;
import dev.detour.router.health.ToolHealth;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code EscalationPolicy} is told when no path to the goal is left and the goal's
 * demotion ladder offers nothing reachable.
 *
 * @param graph          the graph's name
 * @param goal           the goal that became infeasible
 * @param position       the vertex execution stands at
 * @param reachableGoals the other goals that can still be reached, in declaration order; a
 *                       demotion must pick one of these
 * @param unhealthyTools tools currently degraded or unavailable for this request
 * @param lastError      the failure that made the goal infeasible, or {@code null}
 * @param traceId        the request's trace id
 * @param failedSteps    every step that failed in this request so far, in order, each with its SERF
 *                       error (the cause an LLM-backed policy is told about); may be empty
 */
public record EscalationRequest(
        String graph,
        String goal,
        String position,
        List<String> reachableGoals,
        Map<String, ToolHealth> unhealthyTools,
        @Nullable ToolError lastError,
        String traceId,
        List<StepFailed> failedSteps) {

    public EscalationRequest {
        reachableGoals = List.copyOf(reachableGoals);
        unhealthyTools = Map.copyOf(unhealthyTools);
        failedSteps = failedSteps == null ? List.of() : List.copyOf(failedSteps);
    }

    /** A request with no failed steps listed. */
    public EscalationRequest(String graph, String goal, String position, List<String> reachableGoals,
            Map<String, ToolHealth> unhealthyTools, ToolError lastError, String traceId) {
        this(graph, goal, position, reachableGoals, unhealthyTools, lastError, traceId, List.of());
    }
}
