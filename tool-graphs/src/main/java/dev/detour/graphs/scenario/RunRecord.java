package dev.detour.graphs.scenario;

import dev.detour.graphs.scenario.Expectation.DecidedBy;
import dev.detour.graphs.scenario.Expectation.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * What one strategy did on one scenario, in terms every strategy can report.
 *
 * @param strategy           the strategy's name
 * @param outcome            how the run ended, as the strategy itself claims
 * @param goal               the goal it claims to have reached, or {@code null} when escalated
 * @param succeededSteps     steps whose results were accepted, in order
 * @param unhandledFailures  failures that were neither rerouted nor escalated (skipped, or a bad
 *                           result passed on): each makes the run a silent failure
 * @param toolCalls          tool calls made
 * @param llmCalls           control-plane LLM calls made
 * @param elapsed            simulated time from request to answer
 * @param decidedBy          who chose a demotion, or {@code null}
 * @param trace              the route trace, one line per event
 */
public record RunRecord(
        String strategy,
        Outcome outcome,
        String goal,
        List<String> succeededSteps,
        List<String> unhandledFailures,
        int toolCalls,
        int llmCalls,
        Duration elapsed,
        DecidedBy decidedBy,
        List<String> trace) {

    public RunRecord {
        succeededSteps = List.copyOf(succeededSteps);
        unhandledFailures = List.copyOf(unhandledFailures);
        trace = List.copyOf(trace);
    }
}
