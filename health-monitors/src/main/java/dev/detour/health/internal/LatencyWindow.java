package dev.detour.health.internal;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;

/**
 * Latencies of one tool over a sliding time window, in bounded memory: a ring of DDSketches, one per
 * sub-interval, so old samples leave the window a sub-interval at a time. Recording is O(1); a
 * quantile merges the live sketches into a scratch sketch. DDSketch because its relative-error
 * guarantee holds at the tail, which is where SLOs live, in a few KB per sketch (DESIGN.md rules out
 * per-tool HdrHistograms). Not thread-safe.
 */
public final class LatencyWindow {

    private static final long EMPTY = Long.MIN_VALUE;
    private static final int MAX_BINS = 512;

    private final long bucketNanos;
    private final DDSketch[] buckets;
    private final long[] bucketIndex;
    private final DDSketch scratch;

    /**
     * @param windowNanos       the window length
     * @param subIntervals      how many sketches the window is cut into
     * @param relativeAccuracy  DDSketch's relative accuracy (e.g. 0.01)
     */
    public LatencyWindow(long windowNanos, int subIntervals, double relativeAccuracy) {
        if (subIntervals < 1 || windowNanos < subIntervals) {
            throw new IllegalArgumentException("window of " + windowNanos + " ns cannot be cut into " + subIntervals + " sub-intervals");
        }
        this.bucketNanos = windowNanos / subIntervals;
        this.buckets = new DDSketch[subIntervals];
        this.bucketIndex = new long[subIntervals];
        for (int i = 0; i < subIntervals; i++) {
            buckets[i] = DDSketches.collapsingLowestDense(relativeAccuracy, MAX_BINS);
            bucketIndex[i] = EMPTY;
        }
        this.scratch = DDSketches.collapsingLowestDense(relativeAccuracy, MAX_BINS);
    }

    /** Records a latency observed at {@code atNanos}; samples older than the window are dropped. */
    public void record(long latencyNanos, long atNanos) {
        if (latencyNanos <= 0) {
            return;
        }
        long index = Math.floorDiv(atNanos, bucketNanos);
        int slot = (int) Math.floorMod(index, (long) buckets.length);
        if (bucketIndex[slot] != index) {
            if (bucketIndex[slot] != EMPTY && bucketIndex[slot] > index) {
                return;
            }
            buckets[slot].clear();
            bucketIndex[slot] = index;
        }
        buckets[slot].accept(latencyNanos);
    }

    /** Samples in the window ending at {@code nowNanos}. */
    public long count(long nowNanos) {
        return (long) merged(nowNanos).getCount();
    }

    /**
     * The {@code q}-quantile in nanoseconds of the window ending at {@code nowNanos}, or NaN with fewer
     * than {@code minimumSamples} samples.
     */
    public double quantile(double q, long nowNanos, long minimumSamples) {
        DDSketch m = merged(nowNanos);
        return m.getCount() < minimumSamples || m.isEmpty() ? Double.NaN : m.getValueAtQuantile(q);
    }

    private DDSketch merged(long nowNanos) {
        long now = Math.floorDiv(nowNanos, bucketNanos);
        scratch.clear();
        for (int i = 0; i < buckets.length; i++) {
            if (bucketIndex[i] != EMPTY && now - bucketIndex[i] < buckets.length && now >= bucketIndex[i]) {
                scratch.mergeWith(buckets[i]);
            }
        }
        return scratch;
    }
}
