package dev.detour.router.budget;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tool latency quantiles in bounded memory: one DDSketch (relative-error, log-bucketed) per
 * tool, capped at {@link #MAX_BINS} bins by collapsing the lowest ones. At 2 % accuracy a tool
 * whose latencies span two decades uses ~120 bins, well under a kilobyte; a 3-digit HdrHistogram
 * would take ~140 KB (DESIGN.md, Performance notes).
 *
 * <p>Recording is O(1); each sketch is guarded by its own monitor because DDSketch is not
 * thread-safe, and contention is per tool only.
 */
public final class LatencySketches {

    /** Upper bound of bins per tool: covers ~8 decades at 2 % accuracy. */
    public static final int MAX_BINS = 512;

    private final double relativeAccuracy;
    private final ConcurrentHashMap<String, DDSketch> sketches = new ConcurrentHashMap<>();

    public LatencySketches(double relativeAccuracy) {
        this.relativeAccuracy = relativeAccuracy;
    }

    /** Sketches with {@link BudgetConfig#DEFAULT_RELATIVE_ACCURACY}. */
    public LatencySketches() {
        this(BudgetConfig.DEFAULT_RELATIVE_ACCURACY);
    }

    /** Records one observed latency of {@code tool}. */
    public void record(String tool, long latencyNanos) {
        if (latencyNanos <= 0) {
            return;
        }
        DDSketch sketch = sketches.computeIfAbsent(tool, t -> DDSketches.collapsingLowestDense(relativeAccuracy, MAX_BINS));
        synchronized (sketch) {
            sketch.accept(latencyNanos);
        }
    }

    /** The {@code q}-quantile of {@code tool}'s latencies in nanoseconds, empty before any observation. */
    public OptionalDouble quantileNanos(String tool, double q) {
        DDSketch sketch = sketches.get(tool);
        if (sketch == null) {
            return OptionalDouble.empty();
        }
        synchronized (sketch) {
            return sketch.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(sketch.getValueAtQuantile(q));
        }
    }

    /** Number of observations for {@code tool}. */
    public long count(String tool) {
        DDSketch sketch = sketches.get(tool);
        if (sketch == null) {
            return 0;
        }
        synchronized (sketch) {
            return (long) sketch.getCount();
        }
    }

    /** Number of tools with a sketch. */
    public int size() {
        return sketches.size();
    }
}
