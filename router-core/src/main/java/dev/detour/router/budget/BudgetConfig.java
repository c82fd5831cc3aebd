package dev.detour.router.budget;

import java.time.Duration;
import java.util.Objects;

/**
 * How request deadlines are split over a route (ATBA). Immutable; build with {@link #builder()}.
 *
 * @param defaultDeadline        the budget of a request that brings none
 * @param minStepTimeout         the floor of any step's window
 * @param quantile               the latency quantile that weighs a step's share, in (0, 1)
 * @param defaultExpectedLatency the expected latency of a tool with no observations yet
 * @param relativeAccuracy       the latency sketches' relative accuracy, in (0, 1)
 */
public record BudgetConfig(
        Duration defaultDeadline,
        Duration minStepTimeout,
        double quantile,
        Duration defaultExpectedLatency,
        double relativeAccuracy) {

    /** 30 s: generous enough for multi-step goal tools, short of typical agent-side timeouts. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    /** 50 ms: below this a network call on a healthy path rarely succeeds. */
    public static final Duration DEFAULT_MIN_STEP_TIMEOUT = Duration.ofMillis(50);
    /** p95: covers the usual tail without paying for the extreme one. */
    public static final double DEFAULT_QUANTILE = 0.95;
    /** 1 s: a cautious guess for a tool never seen before. */
    public static final Duration DEFAULT_EXPECTED_LATENCY = Duration.ofSeconds(1);
    /** 2 %: a few hundred bytes per tool for the usual latency spread. */
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.02;

    public BudgetConfig {
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        Objects.requireNonNull(minStepTimeout, "minStepTimeout");
        Objects.requireNonNull(defaultExpectedLatency, "defaultExpectedLatency");
        if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("defaultDeadline must be positive, was " + defaultDeadline);
        }
        if (minStepTimeout.isNegative()) {
            throw new IllegalArgumentException("minStepTimeout must not be negative, was " + minStepTimeout);
        }
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must lie in (0, 1), was " + quantile);
        }
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
            throw new IllegalArgumentException("relativeAccuracy must lie in (0, 1), was " + relativeAccuracy);
        }
    }

    public static BudgetConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .defaultDeadline(defaultDeadline)
                .minStepTimeout(minStepTimeout)
                .quantile(quantile)
                .defaultExpectedLatency(defaultExpectedLatency)
                .relativeAccuracy(relativeAccuracy);
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private Duration defaultDeadline = DEFAULT_DEADLINE;
        private Duration minStepTimeout = DEFAULT_MIN_STEP_TIMEOUT;
        private double quantile = DEFAULT_QUANTILE;
        private Duration defaultExpectedLatency = DEFAULT_EXPECTED_LATENCY;
        private double relativeAccuracy = DEFAULT_RELATIVE_ACCURACY;

        public Builder defaultDeadline(Duration v) {
            this.defaultDeadline = v;
            return this;
        }

        public Builder minStepTimeout(Duration v) {
            this.minStepTimeout = v;
            return this;
        }

        public Builder quantile(double v) {
            this.quantile = v;
            return this;
        }

        public Builder defaultExpectedLatency(Duration v) {
            this.defaultExpectedLatency = v;
            return this;
        }

        public Builder relativeAccuracy(double v) {
            this.relativeAccuracy = v;
            return this;
        }

        public BudgetConfig build() {
            return new BudgetConfig(defaultDeadline, minStepTimeout, quantile, defaultExpectedLatency, relativeAccuracy);
        }
    }
}
