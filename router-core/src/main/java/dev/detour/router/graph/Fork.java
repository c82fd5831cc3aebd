package dev.detour.router.graph;

import java.util.List;
import java.util.Objects;

/**
 * A fork region: every branch runs (concurrently when the invoker is asynchronous) from the fork
 * vertex to the join vertex, and the join waits for all of them. This expresses both the parallel
 * fan-out and the dependency DAG topologies: the step after the join has every branch as a
 * prerequisite. Inside a branch the router still picks the cheapest healthy path, so each branch
 * heals on its own.
 *
 * @param fork     the waypoint where the branches start
 * @param join     the waypoint where they meet
 * @param branches the branch names, in declaration order (the order in which they are started)
 */
public record Fork(String fork, String join, List<String> branches) {

    public Fork {
        Objects.requireNonNull(fork, "fork");
        Objects.requireNonNull(join, "join");
        branches = List.copyOf(branches);
    }
}
