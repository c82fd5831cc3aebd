package dev.detour.graphs.scenario;

import dev.detour.graphs.loader.LoadedGraph;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A graph, a fault script and the expected outcome. Immutable.
 *
 * @param source         where the scenario was read from
 * @param name           the scenario's name
 * @param description    its intent in a sentence or two, or {@code null}
 * @param category       a free label (single-outage, compound, cascading, dead-end, ...), or {@code null}
 * @param graph          the graph it runs on
 * @param goal           the requested goal
 * @param inputs         the request inputs
 * @param budget         the request's deadline, or {@code null} for the router's default; a
 *                       strategy that answers later than this is not correct
 * @param knownUnhealthy tools the health monitors already report unavailable when the request
 *                       arrives (they fail too if called)
 * @param faults         the fault script
 * @param expect         the expected outcome
 */
public record Scenario(
        String source,
        String name,
        @Nullable String description,
        @Nullable String category,
        LoadedGraph graph,
        String goal,
        Map<String, Object> inputs,
        @Nullable Duration budget,
        Set<String> knownUnhealthy,
        List<Fault> faults,
        Expectation expect) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(goal, "goal");
        inputs = Map.copyOf(inputs);
        knownUnhealthy = Set.copyOf(knownUnhealthy);
        faults = List.copyOf(faults);
        Objects.requireNonNull(expect, "expect");
    }
}
