package dev.detour.bench.load.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured.
 *
 * @param latency      per call, nanoseconds: from the call's <em>intended</em> send time (open loop,
 *                     so a stall is charged to every call it delayed: coordinated omission corrected)
 *                     or from its send (closed loop) to the end of its answer
 * @param service      per call, nanoseconds, from the moment it was actually sent (the uncorrected figure)
 * @param sent         calls started (open loop: including those not sent because too many were outstanding)
 * @param succeeded    calls answered with a successful tool result
 * @param failed       calls answered otherwise, or not at all within the drain time (those are also {@code unanswered})
 * @param notSent      open loop only: calls skipped because {@code maxOutstanding} calls were already in flight
 * @param elapsed      the measured window
 * @param firstFailure the first failed answer, for the report; null when none failed
 * @param unanswered   calls still without an answer when the phase ended (the target stopped answering)
 * @param maxSendLag   open loop: the most a call was sent after its intended time — the load generator's own
 *                     lateness, which the corrected latency includes (zero for a closed loop)
 */
public record LoadResult(Histogram latency, Histogram service, long sent, long succeeded, long failed, long notSent,
        Duration elapsed, String firstFailure, long unanswered, Duration maxSendLag) {

    /** Longest latency a histogram records: 2 minutes. */
    public static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(2);

    /** An empty histogram of call latencies in nanoseconds, 3 significant digits. */
    public static Histogram histogram() {
        return new Histogram(MAX_TRACKED_NANOS, 3);
    }

    /** Successful calls per second over the measured window. */
    public double throughput() {
        return succeeded / (elapsed.toNanos() / 1e9);
    }

    /** The latency at {@code percentile} (0–100), in milliseconds. */
    public double millis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1e6;
    }

    /** This phase and {@code other} (the same target and load, another round) as one. */
    public LoadResult merge(LoadResult other) {
        Histogram l = latency.copy();
        l.add(other.latency);
        Histogram s = service.copy();
        s.add(other.service);
        return new LoadResult(l, s, sent + other.sent, succeeded + other.succeeded, failed + other.failed, notSent + other.notSent,
                elapsed.plus(other.elapsed), firstFailure != null ? firstFailure : other.firstFailure, unanswered + other.unanswered,
                maxSendLag.compareTo(other.maxSendLag) >= 0 ? maxSendLag : other.maxSendLag);
    }
}
