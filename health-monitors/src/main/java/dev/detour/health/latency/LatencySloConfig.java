package dev.detour.health.latency;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link LatencySloMonitor} judges latency. Immutable; build with {@link #builder()}.
 *
 * @param quantile         the quantile compared with the SLO, in (0, 1) — 0.95 for p95, 0.99 for p99
 * @param defaultSlo       the SLO of tools without their own
 * @param slos             per-tool SLOs
 * @param window           the sliding window the quantile is computed over
 * @param subIntervals     how many pieces the window slides by
 * @param minimumSamples   samples needed in the window before the quantile is judged
 * @param recoveryRatio    a degraded tool is reinstated when its quantile is back below SLO × this
 *                         (hysteresis against flapping at the boundary), in (0, 1]
 * @param maxPenalty       the largest penalty factor (finite, ≥ 1)
 * @param relativeAccuracy the latency sketches' relative accuracy, in (0, 1)
 * @param priority         signal priority (see {@link dev.detour.health.SignalAggregation})
 */
public record LatencySloConfig(
        double quantile,
        Duration defaultSlo,
        Map<String, Duration> slos,
        Duration window,
        int subIntervals,
        int minimumSamples,
        double recoveryRatio,
        double maxPenalty,
        double relativeAccuracy,
        int priority) {

    /** p99: the tail is what a multi-step route feels; the mean hides it. */
    public static final double DEFAULT_QUANTILE = 0.99;

    /** 5 s: a generous bound for an interactive MCP tool call; set real SLOs per tool. */
    public static final Duration DEFAULT_SLO = Duration.ofSeconds(5);

    /** 60 s: long enough for a stable p99 at modest traffic, short enough to react within a minute. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    /** 6 pieces of 10 s: old samples leave the window in 10 s steps. */
    public static final int DEFAULT_SUB_INTERVALS = 6;

    /** 20 samples: fewer make a p99 a single call's latency. */
    public static final int DEFAULT_MINIMUM_SAMPLES = 20;

    /** 0.8: degrade above the SLO, reinstate only below 80 % of it. */
    public static final double DEFAULT_RECOVERY_RATIO = 0.8;

    /** 16: a tool 16× over its SLO costs 16× its base — avoided whenever anything else fits, still usable. */
    public static final double DEFAULT_MAX_PENALTY = 16;

    /** 1 %: the router-core budget sketches' accuracy. */
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.01;

    /** 100: the lowest of the built-in monitors; a penalty yields to any harder verdict. */
    public static final int DEFAULT_PRIORITY = 100;

    public LatencySloConfig {
        open(quantile, "quantile");
        positive(defaultSlo, "defaultSlo");
        Objects.requireNonNull(slos, "slos");
        slos = Map.copyOf(slos);
        slos.forEach((tool, slo) -> positive(slo, "slos[" + tool + "]"));
        positive(window, "window");
        if (subIntervals < 1) {
            throw new IllegalArgumentException("subIntervals must be at least 1, was " + subIntervals);
        }
        if (minimumSamples < 1) {
            throw new IllegalArgumentException("minimumSamples must be at least 1, was " + minimumSamples);
        }
        if (!(recoveryRatio > 0 && recoveryRatio <= 1)) {
            throw new IllegalArgumentException("recoveryRatio must be in (0, 1], was " + recoveryRatio);
        }
        if (!(maxPenalty >= 1) || Double.isInfinite(maxPenalty)) {
            throw new IllegalArgumentException("maxPenalty must be finite and >= 1, was " + maxPenalty);
        }
        open(relativeAccuracy, "relativeAccuracy");
    }

    private static void open(double v, String name) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + v);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** The SLO of {@code tool}. */
    public Duration slo(String tool) {
        return slos.getOrDefault(tool, defaultSlo);
    }

    public static LatencySloConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from the {@code DEFAULT_*} values and no per-tool SLOs. */
    public static final class Builder {
        private final Map<String, Duration> slos = new java.util.LinkedHashMap<>();
        private double quantile = DEFAULT_QUANTILE;
        private Duration defaultSlo = DEFAULT_SLO;
        private Duration window = DEFAULT_WINDOW;
        private int subIntervals = DEFAULT_SUB_INTERVALS;
        private int minimumSamples = DEFAULT_MINIMUM_SAMPLES;
        private double recoveryRatio = DEFAULT_RECOVERY_RATIO;
        private double maxPenalty = DEFAULT_MAX_PENALTY;
        private double relativeAccuracy = DEFAULT_RELATIVE_ACCURACY;
        private int priority = DEFAULT_PRIORITY;

        public Builder quantile(double v) {
            this.quantile = v;
            return this;
        }

        public Builder defaultSlo(Duration v) {
            this.defaultSlo = v;
            return this;
        }

        public Builder slo(String tool, Duration slo) {
            slos.put(Objects.requireNonNull(tool, "tool"), slo);
            return this;
        }

        public Builder window(Duration v, int pieces) {
            this.window = v;
            this.subIntervals = pieces;
            return this;
        }

        public Builder minimumSamples(int v) {
            this.minimumSamples = v;
            return this;
        }

        public Builder recoveryRatio(double v) {
            this.recoveryRatio = v;
            return this;
        }

        public Builder maxPenalty(double v) {
            this.maxPenalty = v;
            return this;
        }

        public Builder relativeAccuracy(double v) {
            this.relativeAccuracy = v;
            return this;
        }

        public Builder priority(int v) {
            this.priority = v;
            return this;
        }

        public LatencySloConfig build() {
            return new LatencySloConfig(quantile, defaultSlo, slos, window, subIntervals, minimumSamples, recoveryRatio,
                    maxPenalty, relativeAccuracy, priority);
        }
    }
}
