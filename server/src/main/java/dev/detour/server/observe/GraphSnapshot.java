package dev.detour.server.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Transition;
import dev.detour.router.health.EdgeWeights;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import java.util.List;

/**
 * The {@code /admin/graph} answer: every healing tool's graph as routing sees it now — steps with
 * their tool's health, transitions with base cost and current effective weight.
 *
 * <pre>{@code
 * {"healthEpoch": 3, "graphs": [{"name": "web_search", "topology": "LINEAR", "start": "start", "goals": ["done"],
 *   "steps": [{"id": "search@a", "tool": "search@a", "health": {"state": "UNAVAILABLE", "reason": "..."}}, {"id": "done"}],
 *   "transitions": [{"from": "start", "to": "search@a", "baseCost": 10.0, "weight": "Infinity"}]}]}
 * }</pre>
 *
 * <p>An infinite weight is the string {@code "Infinity"}: JSON has no number for it.
 */
public final class GraphSnapshot {

    private GraphSnapshot() {
    }

    /** The snapshot of {@code graphs} under {@code health}, read now. */
    public static ObjectNode of(List<ToolGraph> graphs, HealthView health) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("healthEpoch", health.epoch());
        ArrayNode list = root.putArray("graphs");
        for (ToolGraph graph : graphs) {
            list.add(graph(graph, health));
        }
        return root;
    }

    private static ObjectNode graph(ToolGraph graph, HealthView health) {
        ObjectNode g = JsonNodeFactory.instance.objectNode();
        g.put("name", graph.name());
        g.put("topology", graph.topology().name());
        g.put("start", graph.start());
        ArrayNode goals = g.putArray("goals");
        graph.goals().forEach(goals::add);
        ArrayNode steps = g.putArray("steps");
        for (Step step : graph.steps().values()) {
            ObjectNode s = steps.addObject().put("id", step.id());
            if (step.invokesTool()) {
                s.put("tool", step.tool());
                s.set("health", health(health.health(step.tool())));
            }
            if (step.branch() != null) {
                s.put("branch", step.branch());
            }
        }
        ArrayNode transitions = g.putArray("transitions");
        for (Transition t : graph.transitions()) {
            ObjectNode edge = transitions.addObject().put("from", t.from()).put("to", t.to()).put("baseCost", t.baseCost());
            double weight = graph.step(t.to()).filter(Step::invokesTool)
                    .map(target -> EdgeWeights.effective(t.baseCost(), health.health(target.tool())))
                    .orElse(t.baseCost());
            if (Double.isInfinite(weight)) {
                edge.put("weight", "Infinity");
            } else {
                edge.put("weight", weight);
            }
        }
        return g;
    }

    private static ObjectNode health(ToolHealth health) {
        ObjectNode h = JsonNodeFactory.instance.objectNode().put("state", ToolState.of(health).name());
        if (health instanceof ToolHealth.Degraded d) {
            h.put("penalty", d.penalty());
        }
        if (!health.reason().isEmpty()) {
            h.put("reason", health.reason());
        }
        return h;
    }
}
