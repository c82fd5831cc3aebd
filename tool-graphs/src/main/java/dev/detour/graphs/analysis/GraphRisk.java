package dev.detour.graphs.analysis;

import dev.detour.router.graph.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The risk analysis of a whole graph: one {@link GoalRisk} per goal.
 *
 * @param graph    the graph's name
 * @param topology its topology
 * @param tools    every tool it invokes
 * @param goals    per goal, in declaration order
 */
public record GraphRisk(String graph, Topology topology, List<String> tools, List<GoalRisk> goals) {

    public GraphRisk {
        tools = List.copyOf(tools);
        goals = List.copyOf(goals);
    }

    /** The analysis of one goal. @throws IllegalArgumentException for an unknown goal */
    public GoalRisk goal(String goal) {
        return goals.stream().filter(g -> g.goal().equals(goal)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no goal '" + goal + "' in graph '" + graph + "'"));
    }

    /** A table for a terminal. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(graph).append(" (").append(topology.name().toLowerCase(Locale.ROOT)).append("), ")
                .append(tools.size()).append(" tools\n\n");
        sb.append(String.format(Locale.ROOT, "%-18s %-13s %-46s %s%n", "goal", "min failures", "example cut", "single points of failure"));
        for (GoalRisk g : goals) {
            sb.append(String.format(Locale.ROOT, "%-18s %-13s %-46s %s%n", g.goal(),
                    g.minToolFailures().isPresent() ? String.valueOf(g.minToolFailures().getAsInt()) : "none",
                    String.join(", ", g.exampleCut()),
                    g.singlePointsOfFailure().isEmpty() ? "none" : String.join(", ", g.singlePointsOfFailure())));
        }
        for (GoalRisk g : goals) {
            if (g.deadEnds().isEmpty()) {
                continue;
            }
            sb.append("\ndead ends of ").append(g.goal()).append(" (minimal sets of failed tools):\n");
            for (DeadEnd d : g.deadEnds()) {
                String what = switch (d.coverage()) {
                    case LADDER -> "ladder demotes to " + d.ladderGoal() + " (no LLM)";
                    case POLICY -> "escalation policy (LLM) chooses among " + String.join(", ", d.reachableGoals());
                    case ESCALATION -> "ESCALATION: no goal is reachable";
                };
                sb.append(String.format(Locale.ROOT, "  %-52s -> %s%n", "{" + String.join(", ", d.failedTools()) + "}", what));
            }
        }
        return sb.toString();
    }

    /** The analysis as plain maps and lists, for JSON. */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> goalRows = new ArrayList<>();
        for (GoalRisk g : goals) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("goal", g.goal());
            m.put("minToolFailures", g.minToolFailures().isPresent() ? g.minToolFailures().getAsInt() : null);
            m.put("minStepCut", g.stepCut());
            m.put("exampleCut", g.exampleCut());
            m.put("singlePointsOfFailure", g.singlePointsOfFailure());
            List<Map<String, Object>> ends = new ArrayList<>();
            for (DeadEnd d : g.deadEnds()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("failedTools", d.failedTools());
                e.put("coveredBy", d.coverage().name().toLowerCase(Locale.ROOT));
                if (d.ladderGoal() != null) {
                    e.put("demotesTo", d.ladderGoal());
                }
                if (!d.reachableGoals().isEmpty()) {
                    e.put("reachableGoals", d.reachableGoals());
                }
                ends.add(e);
            }
            m.put("deadEnds", ends);
            goalRows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("graph", graph);
        out.put("topology", topology.name().toLowerCase(Locale.ROOT));
        out.put("tools", tools);
        out.put("goals", goalRows);
        return out;
    }
}
