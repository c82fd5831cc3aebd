package dev.detour.graphs.loader;

import dev.detour.router.graph.Fork;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Transition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link ToolGraph} in the YAML graph format, so a graph built in code can become a file
 * that {@link GraphLoader} reads back to an equal graph. Stateless and thread-safe.
 */
public final class GraphWriter {

    private GraphWriter() {
    }

    /** The graph as YAML text. */
    public static String toYaml(ToolGraph graph) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(140);
        return new Yaml(options).dump(toMap(graph));
    }

    /** The graph as the plain maps and lists of the file format. */
    public static Map<String, Object> toMap(ToolGraph graph) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", graph.name());
        out.put("start", graph.start());
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Step s : graph.steps().values()) {
            Map<String, Object> step = new LinkedHashMap<>();
            if (s.invokesTool()) {
                step.put("tool", s.tool());
                if (!s.output().equals(s.id())) {
                    step.put("output", s.output());
                }
                if (!s.arguments().raw().isEmpty()) {
                    step.put("args", s.arguments().raw());
                }
                Map<String, Object> annotations = new LinkedHashMap<>();
                annotations.put("readOnly", s.annotations().readOnly());
                annotations.put("idempotent", s.annotations().idempotent());
                annotations.put("destructive", s.annotations().destructive());
                step.put("annotations", annotations);
            }
            if (s.branch() != null) {
                step.put("branch", s.branch());
            }
            steps.put(s.id(), step);
        }
        out.put("steps", steps);
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (Transition t : graph.transitions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", t.from());
            m.put("to", t.to());
            m.put("cost", t.baseCost());
            transitions.add(m);
        }
        out.put("transitions", transitions);
        out.put("goals", List.copyOf(graph.goals()));
        Map<String, Object> demotions = new LinkedHashMap<>();
        for (String goal : graph.goals()) {
            if (!graph.demotionLadder(goal).isEmpty()) {
                demotions.put(goal, graph.demotionLadder(goal));
            }
        }
        if (!demotions.isEmpty()) {
            out.put("demotions", demotions);
        }
        if (!graph.forks().isEmpty()) {
            List<Map<String, Object>> forks = new ArrayList<>();
            for (Fork f : graph.forks().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("fork", f.fork());
                m.put("join", f.join());
                m.put("branches", f.branches());
                forks.add(m);
            }
            out.put("forks", forks);
        }
        return out;
    }
}
