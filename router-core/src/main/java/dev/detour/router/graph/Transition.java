package dev.detour.router.graph;

import java.util.Objects;

/**
 * A directed edge of a {@link ToolGraph}: "after {@code from}, {@code to} may run". Several
 * transitions out of one vertex are alternatives; the router picks the cheapest healthy one.
 *
 * @param from     source vertex id
 * @param to       target vertex id
 * @param baseCost the cost of taking this transition when the target's tool is healthy; one
 *                 number in a unit the graph author chooses (milliseconds, cents, tokens) and
 *                 uses consistently. Finite and non-negative.
 */
public record Transition(String from, String to, double baseCost) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
