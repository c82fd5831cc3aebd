package dev.detour.bench.reroute;

import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.EdgeWeights;
import dev.detour.router.health.ToolHealth;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.DefaultWeightedEdge;

/**
 * The reference router: JGraphT's generic {@link DijkstraShortestPath} over an
 * {@link AsWeightedGraph} view of {@link ToolGraph#model()}, each edge weighing
 * {@link EdgeWeights#effective} of its base cost and the health of its target vertex's tool, the
 * same rule the compact router applies.
 *
 * <p>It routes the <em>flattened</em> model: fork regions are ordinary vertices and edges, so on
 * FANOUT and DAG graphs it finds the cheapest single path through one branch, not the sum over
 * all branches that Detour computes. On LINEAR graphs both answer the same question.
 */
public final class JGraphTReference {

    private final Graph<String, DefaultWeightedEdge> model;
    private final Graph<String, DefaultWeightedEdge> weighted;
    private final Map<String, String> toolOfStep = new HashMap<>();
    private final Function<String, ToolHealth> health;

    /**
     * @param graph  the graph whose model to route
     * @param health the health of a tool, read on every edge weight lookup (so it is always current)
     */
    public JGraphTReference(ToolGraph graph, Function<String, ToolHealth> health) {
        this.model = graph.model();
        this.health = Objects.requireNonNull(health, "health");
        for (Step step : graph.steps().values()) {
            if (step.invokesTool()) {
                toolOfStep.put(step.id(), step.tool());
            }
        }
        // no weight cache: health changes between queries, and a cache would hide the lookup cost
        this.weighted = new AsWeightedGraph<>(model, this::weight, false, false);
    }

    private double weight(DefaultWeightedEdge edge) {
        double base = model.getEdgeWeight(edge);
        String tool = toolOfStep.get(model.getEdgeTarget(edge));
        return tool == null ? base : EdgeWeights.effective(base, health.apply(tool));
    }

    /** The cheapest path, or {@code null} when every path crosses an unavailable tool. */
    public GraphPath<String, DefaultWeightedEdge> path(String from, String to) {
        return new DijkstraShortestPath<>(weighted).getPath(from, to);
    }
}
