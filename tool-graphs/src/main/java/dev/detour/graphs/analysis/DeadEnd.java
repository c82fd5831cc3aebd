package dev.detour.graphs.analysis;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A minimal set of tool failures that makes a goal infeasible, and what the router would do then.
 *
 * @param failedTools    the tools, sorted; no proper subset makes the goal infeasible
 * @param coverage       who handles it
 * @param ladderGoal     the ladder goal the router demotes to, for {@link Coverage#LADDER}; else {@code null}
 * @param reachableGoals the other goals still reachable, among which the escalation policy (the
 *                       LLM) chooses, for {@link Coverage#POLICY}; else empty
 */
public record DeadEnd(List<String> failedTools, Coverage coverage, @Nullable String ladderGoal, List<String> reachableGoals) {

    public DeadEnd {
        failedTools = List.copyOf(failedTools);
        reachableGoals = List.copyOf(reachableGoals);
    }

    /** Who handles a dead end. */
    public enum Coverage {
        /** The goal's declared demotion ladder: no LLM call. */
        LADDER,
        /** No ladder goal is reachable but other goals are: the escalation policy (one LLM call) decides. */
        POLICY,
        /** Nothing is reachable: the request is escalated explicitly. */
        ESCALATION
    }
}
