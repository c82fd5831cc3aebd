package dev.detour.graphs.loader;

import dev.detour.router.graph.ToolGraph;

/**
 * A graph file and the router-core graph built from it.
 *
 * @param file  the file as written, with positions
 * @param graph the validated, immutable graph
 */
public record LoadedGraph(GraphFile file, ToolGraph graph) {
}
