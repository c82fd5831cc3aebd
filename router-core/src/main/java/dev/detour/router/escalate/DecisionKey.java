package dev.detour.router.escalate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The situation a remembered escalation decision answers: a dead end in one graph, the goals still
 * reachable from it and the health signature (each unhealthy tool with its state, never its reason, so
 * the same outage reads the same on every replica). Its parts are kept sorted, so equal situations
 * have equal keys and one canonical form whatever order they were gathered in.
 *
 * @param graph     the graph's name
 * @param goal      the goal that became infeasible
 * @param reachable the other goals that can still be reached, sorted, without duplicates
 * @param health    tool id to state ({@code UNAVAILABLE}, {@code DEGRADED(4.0)}), sorted by tool id
 */
public record DecisionKey(String graph, String goal, List<String> reachable, Map<String, String> health) {

    public DecisionKey {
        reachable = List.copyOf(new TreeSet<>(reachable));
        health = Collections.unmodifiableMap(new TreeMap<>(health));
    }

    /** The key of {@code request}'s situation. */
    public static DecisionKey of(EscalationRequest request) {
        Map<String, String> signature = new TreeMap<>();
        request.unhealthyTools().forEach((tool, state) -> signature.put(tool, state.toString()));
        return new DecisionKey(request.graph(), request.goal(), request.reachableGoals(), signature);
    }
}
