package dev.detour.server.heal;

import dev.detour.router.RouteResult;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one healing call went, as plain JSON-ready values: the steps tried (with their outcome), the
 * reroutes, the demotions and the escalation, in order. This is what the agent finds in a goal
 * tool's {@code structuredContent.route} and in {@code _meta["dev.detour/route"]}.
 *
 * @param result the router's result
 */
public record RouteTrace(RouteResult result) {

    /** Steps that failed, in order. */
    public List<StepFailed> failures() {
        return of(StepFailed.class);
    }

    /** Steps that succeeded, in order. */
    public List<StepSucceeded> successes() {
        return of(StepSucceeded.class);
    }

    public List<Rerouted> reroutes() {
        return of(Rerouted.class);
    }

    public List<Demoted> demotions() {
        return of(Demoted.class);
    }

    /** The wire form: camelCase keys, durations in milliseconds, tools as router ids ({@code tool@upstream}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceId", result.traceId());
        m.put("status", result.status().name());
        m.put("requestedGoal", result.requestedGoal());
        if (result.reachedGoal() != null) {
            m.put("reachedGoal", result.reachedGoal());
        }
        m.put("trail", result.trail());
        List<Map<String, Object>> steps = new ArrayList<>();
        List<Map<String, Object>> reroutes = new ArrayList<>();
        List<Map<String, Object>> demotions = new ArrayList<>();
        for (RouteEvent event : result.events()) {
            switch (event) {
                case StepSucceeded s -> steps.add(step(s.step(), s.tool(), "succeeded", s.latency().toMillis(), null));
                case StepFailed f -> steps.add(step(f.step(), f.tool(), "failed", f.latency().toMillis(), f.error().toMap()));
                case Rerouted r -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("failedStep", r.failedStep());
                    x.put("from", r.from());
                    x.put("newPath", r.newPath());
                    x.put("cause", r.cause().name());
                    reroutes.add(x);
                }
                case Demoted d -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("failedStep", d.failedStep());
                    x.put("from", d.fromGoal());
                    x.put("to", d.toGoal());
                    x.put("decidedBy", d.decidedBy().name());
                    demotions.add(x);
                }
                case Escalated e -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("failedStep", e.failedStep());
                    x.put("goal", e.goal());
                    x.put("reason", e.reason());
                    m.put("escalation", x);
                }
                case Completed c -> m.put("elapsedMs", c.elapsed().toMillis());
            }
        }
        m.put("steps", steps);
        m.put("reroutes", reroutes);
        m.put("demotions", demotions);
        return m;
    }

    private static Map<String, Object> step(String step, String tool, String outcome, long latencyMs, Map<String, Object> error) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("step", step);
        x.put("tool", tool);
        x.put("outcome", outcome);
        x.put("latencyMs", latencyMs);
        if (error != null) {
            x.put("error", error);
        }
        return x;
    }

    private <E extends RouteEvent> List<E> of(Class<E> type) {
        return result.events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
