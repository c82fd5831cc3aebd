package dev.detour.router.route;

import java.util.List;
import java.util.Set;

/**
 * A path through one scope of a tool graph: a fork vertex is followed directly by its join (its
 * branches are routed when execution gets there).
 *
 * @param vertices the vertex ids, source first
 * @param cost     the effective cost under the health it was computed with
 * @param tools    every tool whose health bears on this route being optimal: the tools on it and
 *                 inside the fork regions it crosses
 */
public record Route(List<String> vertices, double cost, Set<String> tools) {

    public Route {
        vertices = List.copyOf(vertices);
        tools = Set.copyOf(tools);
    }

    public String source() {
        return vertices.getFirst();
    }

    public String target() {
        return vertices.getLast();
    }
}
