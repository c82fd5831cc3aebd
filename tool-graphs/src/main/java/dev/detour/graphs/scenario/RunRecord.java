package dev.detour.graphs.scenario;

import dev.detour.graphs.scenario.Expectation.DecidedBy;
import dev.detour.graphs.scenario.Expectation.Outcome;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one strategy did on one scenario, in terms every strategy can report.
 *
 * @param strategy           the strategy's name
 * @param outcome            how the run ended, as the strategy itself claims
 * @param goal               the goal it claims to have reached, or {@code null} when escalated
 * @param succeededSteps     steps whose results were accepted, in order
 * @param unhandledFailures  failures that were neither rerouted nor escalated (skipped, a bad
 *                           result passed on, or a fault the mock tools injected that the run never
 *                           reported): each makes the run a silent failure
 * @param repeatedEffects    effects done more than once, from the mock tools' call log
 *                           ({@link MockTools#repeatedEffects()}): each makes the run incorrect
 * @param callsByTool        calls that reached each mock tool (tools never called are absent)
 * @param llmCalls           control-plane LLM calls made
 * @param elapsed            simulated time from request to answer
 * @param decidedBy          who chose a demotion, or {@code null}
 * @param trace              the route trace, one line per event
 */
public record RunRecord(
        String strategy,
        Outcome outcome,
        @Nullable String goal,
        List<String> succeededSteps,
        List<String> unhandledFailures,
        List<String> repeatedEffects,
        Map<String, Integer> callsByTool,
        int llmCalls,
        Duration elapsed,
        @Nullable DecidedBy decidedBy,
        List<String> trace) {

    public RunRecord {
        succeededSteps = List.copyOf(succeededSteps);
        unhandledFailures = List.copyOf(unhandledFailures);
        repeatedEffects = List.copyOf(repeatedEffects);
        callsByTool = Collections.unmodifiableMap(new LinkedHashMap<>(callsByTool));
        trace = List.copyOf(trace);
    }

    /** Tool calls made, all tools. */
    public int toolCalls() {
        return callsByTool.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Calls that reached {@code tool}. */
    public int calls(String tool) {
        return callsByTool.getOrDefault(tool, 0);
    }
}
