package dev.detour.bench.faults;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one fault did to the client, measured over the window from the injection to the end of the
 * recovery phase.
 *
 * @param kind              the fault
 * @param startedHealthy    whether traffic was all on the cheapest provider when the fault was injected
 * @param calls             client calls sent in the window (from the injection, when the providers' counters are read)
 * @param failures          of those, calls the client saw fail
 * @param failureCategories failures by SERF category (or how the exchange failed)
 * @param firstReroute      from the injection to the end of the first call another provider answered; null: none did
 * @param firstBackOnCheap  from the heal to the end of the first call the cheapest provider answered again; null: none
 * @param allBackOnCheap    from the heal until every later call was answered by the cheapest provider; null: never within the window
 * @param upstreamCalls     {@code tools/call} requests each provider received in the window
 * @param attempts          upstream attempts Detour reports in the calls' route summaries, summed
 * @param p99DuringFault    99th percentile latency of the calls due while the fault lasted (from their intended send)
 * @param maxDuringFault    the longest of them
 * @param maxGeneratorLag   the most a call of the window was sent after its due time: the load generator's own
 *                          lateness, included in the latencies
 * @param faultCalls        client calls sent while the fault lasted (from the injection's counter reading to the heal's)
 * @param faultUpstreamCalls {@code tools/call} requests all providers received over the same span
 */
record FaultResult(FaultKind kind, boolean startedHealthy, long calls, long failures, Map<String, Long> failureCategories,
        Duration firstReroute, Duration firstBackOnCheap, Duration allBackOnCheap, Map<String, Long> upstreamCalls, long attempts,
        Duration p99DuringFault, Duration maxDuringFault, Duration maxGeneratorLag, long faultCalls, long faultUpstreamCalls) {

    /** The amplification target: at most 1.2 upstream calls per client call, even when every provider fails. */
    static final double AMPLIFICATION_TARGET = 1.2;

    FaultResult {
        failureCategories = Collections.unmodifiableMap(new TreeMap<>(failureCategories));
        upstreamCalls = Collections.unmodifiableMap(new TreeMap<>(upstreamCalls));
    }

    /** {@code tools/call} requests all providers received in the window. */
    long totalUpstreamCalls() {
        return upstreamCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This result with the fault phase's own counts. */
    FaultResult withFaultPhase(long clientCalls, long upstream) {
        return new FaultResult(kind, startedHealthy, calls, failures, failureCategories, firstReroute, firstBackOnCheap, allBackOnCheap,
                upstreamCalls, attempts, p99DuringFault, maxDuringFault, maxGeneratorLag, clientCalls, upstream);
    }

    /** Upstream {@code tools/call} requests per client call over the whole window (fault and recovery). */
    double amplification() {
        return calls == 0 ? 0 : (double) totalUpstreamCalls() / calls;
    }

    /** Upstream {@code tools/call} requests per client call while the fault lasted. */
    double faultAmplification() {
        return faultCalls == 0 ? 0 : (double) faultUpstreamCalls / faultCalls;
    }

    /** Detour's attempts per client call, from the route summaries. */
    double attemptsPerCall() {
        return calls == 0 ? 0 : (double) attempts / calls;
    }

    /** Target: no client-visible failure while an alternative exists (always met when none exists). */
    boolean failuresMet() {
        return !kind.alternativeExists() || failures == 0;
    }

    /** The larger of the two amplifications, which the target is judged on. */
    double worstAmplification() {
        return Math.max(amplification(), faultAmplification());
    }

    /** Target: amplification ≤ {@value #AMPLIFICATION_TARGET}, during the fault and over the whole window. */
    boolean amplificationMet() {
        return worstAmplification() <= AMPLIFICATION_TARGET;
    }
}
