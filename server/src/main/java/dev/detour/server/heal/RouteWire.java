package dev.detour.server.heal;

import dev.detour.router.RouteResult;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.server.config.ProviderBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Route events and route summaries as Detour puts them on the wire — the only code that does. The
 * shape is the contract in {@code schema/detour-route.schema.json} (on the class path) and in {@code
 * docs/healing-at-the-boundary.md}; changing it is a wire-format change.
 *
 * <ul>
 *   <li>An <b>event</b> — an element of {@code /admin/routes}, and the building block of a summary — is
 *       {@code type} (the event's name), {@code traceId}, {@code at} (ISO-8601), then the event's own
 *       fields under their router-core names; durations in (fractional) milliseconds as {@code
 *       …Millis}, errors as SERF objects.
 *   <li>A <b>summary</b> — {@code _meta["dev.detour/route"]} of every healing result, logical or goal
 *       tool, success or error, and a goal tool's {@code structuredContent.route} — is how the call
 *       ended plus its events grouped by kind, every one of them in the event shape.
 * </ul>
 *
 * Values are plain maps, lists, strings and numbers, ready for any JSON encoder. Stateless.
 */
public final class RouteWire {

    private RouteWire() {
    }

    /** Events in the wire shape, in order. */
    public static List<Map<String, Object>> events(List<RouteEvent> events) {
        return events.stream().map(RouteWire::event).toList();
    }

    /** One event in the wire shape. */
    public static Map<String, Object> event(RouteEvent event) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", event.getClass().getSimpleName());
        e.put("traceId", event.traceId());
        e.put("at", event.at().toString());
        switch (event) {
            case StepSucceeded s -> {
                e.put("step", s.step());
                e.put("tool", s.tool());
                e.put("outcome", "succeeded");
                e.put("latencyMillis", millis(s.latency()));
            }
            case StepFailed f -> {
                e.put("step", f.step());
                e.put("tool", f.tool());
                e.put("outcome", "failed");
                e.put("latencyMillis", millis(f.latency()));
                e.put("error", f.error().toMap());
            }
            case Rerouted r -> {
                e.put("failedStep", r.failedStep());
                e.put("from", r.from());
                e.put("newPath", r.newPath());
                e.put("cause", r.cause().name());
            }
            case Demoted d -> {
                e.put("failedStep", d.failedStep());
                e.put("fromGoal", d.fromGoal());
                e.put("toGoal", d.toGoal());
                e.put("decidedBy", d.decidedBy().name());
            }
            case Escalated x -> {
                e.put("failedStep", x.failedStep());
                e.put("goal", x.goal());
                e.put("reason", x.reason());
                e.put("error", x.error().toMap());
            }
            case Completed c -> {
                e.put("goal", c.goal());
                e.put("requestedGoal", c.requestedGoal());
                e.put("trail", c.trail());
                e.put("elapsedMillis", millis(c.elapsed()));
            }
        }
        return e;
    }

    /**
     * The summary of one healing call.
     *
     * @param answeredBy the upstream tool whose result the agent gets as it is (a logical tool's
     *                   provider), or {@code null} when there is none (a goal tool, an error)
     */
    public static Map<String, Object> summary(RouteResult result, ProviderBinding answeredBy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceId", result.traceId());
        m.put("status", result.status().name());
        m.put("requestedGoal", result.requestedGoal());
        if (result.reachedGoal() != null) {
            m.put("reachedGoal", result.reachedGoal());
        }
        m.put("trail", result.trail());
        if (answeredBy != null) {
            m.put("provider", answeredBy.routerToolId());
            m.put("upstream", answeredBy.upstream());
            m.put("tool", answeredBy.tool());
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        List<Map<String, Object>> reroutes = new ArrayList<>();
        List<Map<String, Object>> demotions = new ArrayList<>();
        for (RouteEvent event : result.events()) {
            switch (event) {
                case StepSucceeded s -> steps.add(event(s));
                case StepFailed f -> {
                    steps.add(event(f));
                    failed.add(failure(f));
                }
                case Rerouted r -> reroutes.add(event(r));
                case Demoted d -> demotions.add(event(d));
                case Escalated x -> m.put("escalation", event(x));
                case Completed c -> m.put("elapsedMillis", millis(c.elapsed()));
            }
        }
        m.put("steps", steps);
        m.put("failed", failed);
        m.put("reroutes", reroutes);
        m.put("demotions", demotions);
        return m;
    }

    /** A failed step at a glance: which upstream tool, why, and whether it may have acted. */
    private static Map<String, Object> failure(StepFailed f) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("provider", f.tool());
        x.put("category", f.error().category().name());
        x.put("sideEffects", f.error().sideEffects().name());
        return x;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
