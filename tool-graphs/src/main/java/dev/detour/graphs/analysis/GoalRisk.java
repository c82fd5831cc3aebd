package dev.detour.graphs.analysis;

import java.util.List;
import java.util.OptionalInt;

/**
 * How fragile one goal is, before anything fails.
 *
 * @param goal                   the goal
 * @param minToolFailures        the fewest tool failures that make it infeasible; empty when no set
 *                               of tool failures can (a tool-free path exists)
 * @param stepCut                the minimum vertex cut over steps found by max-flow (an upper bound:
 *                               a tool behind several steps fails them all at once)
 * @param exampleCut             one set of {@code minToolFailures} tools that makes it infeasible
 * @param singlePointsOfFailure  tools whose failure alone makes it infeasible
 * @param deadEnds               minimal tool-failure sets up to the analysis' size limit, with coverage
 */
public record GoalRisk(String goal, OptionalInt minToolFailures, int stepCut, List<String> exampleCut, List<String> singlePointsOfFailure,
        List<DeadEnd> deadEnds) {

    public GoalRisk {
        exampleCut = List.copyOf(exampleCut);
        singlePointsOfFailure = List.copyOf(singlePointsOfFailure);
        deadEnds = List.copyOf(deadEnds);
    }
}
