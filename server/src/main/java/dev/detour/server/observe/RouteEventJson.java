package dev.detour.server.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.server.mcp.JsonRpc;
import java.time.Duration;
import java.util.List;

/**
 * Route events as the {@code /admin/routes} answer shows them: {@code type} (the event's name),
 * {@code traceId}, {@code at} (ISO-8601), then the event's own fields; durations in milliseconds,
 * errors as SERF objects.
 */
final class RouteEventJson {

    private RouteEventJson() {
    }

    static ArrayNode of(List<RouteEvent> events) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        events.forEach(e -> list.add(of(e)));
        return list;
    }

    static ObjectNode of(RouteEvent event) {
        ObjectNode e = JsonNodeFactory.instance.objectNode()
                .put("type", event.getClass().getSimpleName())
                .put("traceId", event.traceId())
                .put("at", event.at().toString());
        switch (event) {
            case StepSucceeded s -> e.put("step", s.step()).put("tool", s.tool()).put("latencyMillis", millis(s.latency()));
            case StepFailed f -> {
                e.put("step", f.step()).put("tool", f.tool()).put("latencyMillis", millis(f.latency()));
                e.set("error", serf(f.error()));
            }
            case Rerouted r -> {
                e.put("failedStep", r.failedStep()).put("from", r.from()).put("cause", r.cause().name());
                ArrayNode path = e.putArray("newPath");
                r.newPath().forEach(path::add);
            }
            case Demoted d -> e.put("failedStep", d.failedStep()).put("fromGoal", d.fromGoal()).put("toGoal", d.toGoal())
                    .put("decidedBy", d.decidedBy().name());
            case Escalated x -> {
                e.put("failedStep", x.failedStep()).put("goal", x.goal()).put("reason", x.reason());
                e.set("error", serf(x.error()));
            }
            case Completed c -> {
                e.put("goal", c.goal()).put("requestedGoal", c.requestedGoal()).put("elapsedMillis", millis(c.elapsed()));
                ArrayNode trail = e.putArray("trail");
                c.trail().forEach(trail::add);
            }
        }
        return e;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static ObjectNode serf(ToolError error) {
        return JsonRpc.MAPPER.valueToTree(error.toMap());
    }
}
