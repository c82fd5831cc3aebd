package dev.detour.bench.atba;

import java.time.Duration;

/**
 * What one strategy did with one budget over a run of requests. Every request ends in exactly one
 * of {@code completed}, {@code budgetExhausted} or {@code noRoute}.
 *
 * @param strategy               the per-call timeout strategy
 * @param budgetMultiple         the request budget as a multiple of the median chain time
 * @param budget                 the request budget
 * @param requests               requests run
 * @param completed              requests that reached the goal
 * @param budgetExhausted        requests escalated with BUDGET_EXHAUSTED (failed fast, or the deadline passed)
 * @param noRoute                requests escalated because both providers of a step failed
 * @param calls                  upstream calls made
 * @param timeouts               calls that timed out
 * @param prematureTimeouts      timeouts of calls whose latency would have fit in the request's remaining budget
 * @param reroutes               Rerouted events
 * @param completedChainNanos    simulated time spent by the completed requests, summed
 */
public record StrategyResult(
        TimeoutStrategy strategy,
        double budgetMultiple,
        Duration budget,
        long requests,
        long completed,
        long budgetExhausted,
        long noRoute,
        long calls,
        long timeouts,
        long prematureTimeouts,
        long reroutes,
        long completedChainNanos) {

    public double completionRate() {
        return (double) completed / requests;
    }

    public double budgetExhaustedRate() {
        return (double) budgetExhausted / requests;
    }

    public double noRouteRate() {
        return (double) noRoute / requests;
    }

    /** Premature timeouts per 100 requests. */
    public double prematureTimeoutsPer100() {
        return 100.0 * prematureTimeouts / requests;
    }

    /** All timeouts per 100 requests. */
    public double timeoutsPer100() {
        return 100.0 * timeouts / requests;
    }

    public double meanReroutes() {
        return (double) reroutes / requests;
    }

    /** Mean end-to-end time of the completed requests (zero when none completed). */
    public Duration meanCompletedChainTime() {
        return completed == 0 ? Duration.ZERO : Duration.ofNanos(completedChainNanos / completed);
    }
}
