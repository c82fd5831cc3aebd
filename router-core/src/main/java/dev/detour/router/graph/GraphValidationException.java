package dev.detour.router.graph;

import java.util.List;

/**
 * Thrown by {@link ToolGraph.Builder#build()} when the graph is not well formed. Every problem
 * found is listed, not only the first.
 */
public final class GraphValidationException extends IllegalArgumentException {

    private final List<String> problems;

    public GraphValidationException(List<String> problems) {
        super("invalid tool graph: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one precise sentence each, naming the vertex or transition concerned. */
    public List<String> problems() {
        return problems;
    }
}
