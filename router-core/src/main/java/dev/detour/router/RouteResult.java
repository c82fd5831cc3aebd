package dev.detour.router;

import dev.detour.router.error.ToolError;
import dev.detour.router.event.RouteEvent;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a request ended.
 *
 * @param status        completed, completed a lesser goal, or escalated
 * @param traceId       the request's trace id
 * @param requestedGoal the goal asked for
 * @param reachedGoal   the goal reached, or {@code null} when escalated
 * @param outputs       every step result by output name
 * @param trail         every vertex completed, in order
 * @param error         the SERF error when escalated, else {@code null}
 * @param events        this request's route events, in order
 */
public record RouteResult(
        Status status,
        String traceId,
        String requestedGoal,
        @Nullable String reachedGoal,
        Map<String, Object> outputs,
        List<String> trail,
        @Nullable ToolError error,
        List<RouteEvent> events) {

    public RouteResult {
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        trail = List.copyOf(trail);
        events = List.copyOf(events);
    }

    /** The output of the reached goal's step (when the goal is a tool step), or {@code null}. */
    public @Nullable Object output(String name) {
        return outputs.get(name);
    }

    /** How a request ended. */
    public enum Status {
        /** The requested goal was reached. */
        COMPLETED,
        /** A lesser goal was reached after demotion. */
        DEMOTED,
        /** Handed back explicitly; see {@link RouteResult#error()}. */
        ESCALATED
    }
}
