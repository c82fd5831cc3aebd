package dev.detour.graphs.scenario;

import dev.detour.graphs.scenario.Expectation.DecidedBy;
import dev.detour.graphs.scenario.Expectation.Outcome;
import dev.detour.graphs.trace.RouteLines;
import dev.detour.router.RouteResult;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns router-core route results into {@link RunRecord}s and readable one-line-per-event traces. */
public final class RouteTrace {

    private RouteTrace() {
    }

    /** The record of a router-driven run. */
    public static RunRecord record(String strategy, RouteResult result, int toolCalls, int llmCalls, Duration elapsed) {
        Outcome outcome = switch (result.status()) {
            case COMPLETED -> Outcome.COMPLETED;
            case DEMOTED -> Outcome.DEMOTED;
            case ESCALATED -> Outcome.ESCALATED;
        };
        List<String> succeeded = new ArrayList<>();
        DecidedBy decidedBy = null;
        for (RouteEvent e : result.events()) {
            if (e instanceof StepSucceeded s) {
                succeeded.add(s.step());
            } else if (e instanceof Demoted d) {
                decidedBy = d.decidedBy() == Demoted.DecidedBy.LADDER ? DecidedBy.LADDER : DecidedBy.POLICY;
            }
        }
        return new RunRecord(strategy, outcome, result.reachedGoal(), succeeded, unresolvedFailures(result.events()), toolCalls, llmCalls,
                elapsed, decidedBy, lines(result.events()));
    }

    /** Failed steps not followed by a reroute, demotion or escalation that resolves them. */
    static List<String> unresolvedFailures(List<RouteEvent> events) {
        Map<String, Integer> open = new HashMap<>();
        List<String> failedOrder = new ArrayList<>();
        for (RouteEvent e : events) {
            if (e instanceof StepFailed f) {
                open.merge(f.step(), 1, Integer::sum);
                failedOrder.add(f.step());
            } else if (e.resolves() != null) {
                open.computeIfPresent(e.resolves(), (k, v) -> v > 1 ? v - 1 : null);
            }
        }
        List<String> unresolved = new ArrayList<>();
        for (String step : failedOrder) {
            if (open.containsKey(step) && !unresolved.contains("step '" + step + "' failed and was neither rerouted nor escalated")) {
                unresolved.add("step '" + step + "' failed and was neither rerouted nor escalated");
            }
        }
        return unresolved;
    }

    /** One line per event, as {@link RouteLines#journal(RouteEvent)} words it. */
    public static List<String> lines(List<RouteEvent> events) {
        return RouteLines.journal(events);
    }
}
