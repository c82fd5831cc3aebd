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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns router-core route results into {@link RunRecord}s and readable one-line-per-event traces.
 * Silent failures are found by holding the route events against the mock tools' own call log, not
 * by reading the events alone: a failure the router never reported is invisible in its events.
 */
public final class RouteTrace {

    private RouteTrace() {
    }

    /** The record of a router-driven run over {@code tools}. */
    public static RunRecord record(String strategy, RouteResult result, MockTools tools, int llmCalls, Duration elapsed) {
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
        List<String> unhandled = new ArrayList<>(unresolvedFailures(result.events()));
        unhandled.addAll(unreportedFaults(result.events(), tools.log()));
        return new RunRecord(strategy, outcome, result.reachedGoal(), succeeded, unhandled, tools.repeatedEffects(), tools.callsByTool(), llmCalls,
                elapsed, decidedBy, lines(result.events()));
    }

    /**
     * Faults the mock tools injected that no {@link StepFailed} reports: the n-th injected failure
     * of a step must be matched by that step's n-th StepFailed.
     */
    static List<String> unreportedFaults(List<RouteEvent> events, List<MockTools.Call> log) {
        Map<String, Integer> reported = new HashMap<>();
        for (RouteEvent e : events) {
            if (e instanceof StepFailed f) {
                reported.merge(f.step(), 1, Integer::sum);
            }
        }
        List<String> unreported = new ArrayList<>();
        for (MockTools.Call call : log) {
            if (call.injectedFailure() && reported.merge(call.step().id(), -1, Integer::sum) < 0) {
                Fault fault = Objects.requireNonNull(call.fault(), "an injected failure has its fault");
                unreported.add("the mock's " + fault.kind().name().toLowerCase(Locale.ROOT) + " fault on " + call.describe()
                        + " was never reported: no StepFailed for it");
            }
        }
        return unreported;
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
