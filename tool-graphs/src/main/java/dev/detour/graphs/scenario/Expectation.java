package dev.detour.graphs.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a scenario's author says must happen, written from the scenario's intent.
 *
 * @param outcome   how the request must end
 * @param goal      the goal that must be reached (the requested one for {@link Outcome#COMPLETED}),
 *                  or {@code null} when escalated
 * @param via       steps that must have succeeded, in this relative order (may be empty; other
 *                  steps may succeed in between, so a repeated effect passes it: see {@code calls})
 * @param decidedBy for a demotion, who must have chosen the lesser goal (router-specific; other
 *                  strategies are not held to it), or {@code null} for either
 * @param calls     tool → the exact number of calls that must reach that mock tool (may be empty)
 * @param never     tools that must receive no call at all (may be empty)
 */
public record Expectation(
        Outcome outcome, @Nullable String goal, List<String> via, @Nullable DecidedBy decidedBy, Map<String, Integer> calls, List<String> never) {

    public Expectation {
        Objects.requireNonNull(outcome, "outcome");
        via = List.copyOf(via);
        calls = Collections.unmodifiableMap(new LinkedHashMap<>(calls));
        never = List.copyOf(never);
    }

    /** How a request ends. */
    public enum Outcome {
        /** The requested goal was reached. */
        COMPLETED,
        /** A lesser goal was reached, explicitly. */
        DEMOTED,
        /** Handed back explicitly with an error. */
        ESCALATED
    }

    /** Who chose a demotion. */
    public enum DecidedBy {
        /** The goal's declared ladder: no LLM. */
        LADDER,
        /** The escalation policy (the LLM). */
        POLICY
    }
}
