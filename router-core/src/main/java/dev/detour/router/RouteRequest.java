package dev.detour.router;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request to reach a goal.
 *
 * @param goal    the goal, or {@code null} for the graph's first goal
 * @param inputs  values visible to argument templates as {@code ${input/...}}, in the caller's order;
 *                a value may be {@code null} (a JSON null the caller sent), which a reference to it
 *                treats as absent while {@link dev.detour.router.graph.ArgumentTemplate#INPUTS}
 *                hands it on
 * @param budget  the deadline from now, or {@code null} for the configured default
 * @param traceId the trace id, or {@code null} to generate one
 */
public record RouteRequest(@Nullable String goal, Map<String, Object> inputs, @Nullable Duration budget, @Nullable String traceId) {

    public RouteRequest {
        // not Map.copyOf: it rejects null values, and a tool's arguments may hold JSON nulls
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** The graph's default goal, no inputs, the default budget. */
    public static RouteRequest toDefaultGoal() {
        return new RouteRequest(null, Map.of(), null, null);
    }

    /** A goal with inputs and the default budget. */
    public static RouteRequest to(@Nullable String goal, Map<String, Object> inputs) {
        return new RouteRequest(goal, inputs, null, null);
    }

    public RouteRequest withBudget(@Nullable Duration newBudget) {
        return new RouteRequest(goal, inputs, newBudget, traceId);
    }

    public RouteRequest withTraceId(@Nullable String newTraceId) {
        return new RouteRequest(goal, inputs, budget, newTraceId);
    }
}
