package dev.detour.router.budget;

import dev.detour.router.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How request deadlines are split over a route (ATBA). Immutable; build with {@link #builder()}.
 * An invalid value is rejected with an {@link InvalidFieldException} naming the component.
 *
 * @param defaultDeadline        the budget of a request that brings none
 * @param maxDeadline            the largest budget a caller may ask for: front ends that take budgets
 *                               from clients cap them here ({@link #deadlineFor(Duration)}); at least
 *                               {@code defaultDeadline}
 * @param minStepTimeout         the floor of any step's window
 * @param quantile               the latency quantile that weighs a step's share, in (0, 1)
 * @param defaultExpectedLatency the expected latency of a tool with no observations yet
 * @param relativeAccuracy       the latency sketches' relative accuracy, in (0, 1)
 */
public record BudgetConfig(
        Duration defaultDeadline,
        Duration maxDeadline,
        Duration minStepTimeout,
        double quantile,
        Duration defaultExpectedLatency,
        double relativeAccuracy) {

    /** 30 s: generous enough for multi-step goal tools, short of typical agent-side timeouts. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    /**
     * 5 minutes: ten times the default deadline, and as long as the Detour server's upstream clients
     * let one request run, so a longer budget could not be used there.
     */
    public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofMinutes(5);
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
        Objects.requireNonNull(maxDeadline, "maxDeadline");
        Objects.requireNonNull(minStepTimeout, "minStepTimeout");
        Objects.requireNonNull(defaultExpectedLatency, "defaultExpectedLatency");
        if (!defaultDeadline.isPositive()) {
            throw new InvalidFieldException("defaultDeadline", "defaultDeadline must be positive, was " + defaultDeadline);
        }
        if (!maxDeadline.isPositive()) {
            throw new InvalidFieldException("maxDeadline", "maxDeadline must be positive, was " + maxDeadline);
        }
        if (defaultDeadline.compareTo(maxDeadline) > 0) {
            throw new InvalidFieldException(List.of("defaultDeadline", "maxDeadline"),
                    "defaultDeadline (" + defaultDeadline + ") exceeds the maximum, maxDeadline (" + maxDeadline + ")");
        }
        if (minStepTimeout.isNegative()) {
            throw new InvalidFieldException("minStepTimeout", "minStepTimeout must not be negative, was " + minStepTimeout);
        }
        if (!(quantile > 0 && quantile < 1)) {
            throw new InvalidFieldException("quantile", "quantile " + quantile + " is outside (0, 1)");
        }
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
            throw new InvalidFieldException("relativeAccuracy", "relativeAccuracy " + relativeAccuracy + " is outside (0, 1)");
        }
    }

    public static BudgetConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The deadline of a request that asks for {@code requested}: {@link #defaultDeadline()} when it
     * asks for none, else the request capped at {@link #maxDeadline()}.
     *
     * @param requested the caller's budget, or {@code null}
     */
    public Duration deadlineFor(Duration requested) {
        if (requested == null) {
            return defaultDeadline;
        }
        return requested.compareTo(maxDeadline) > 0 ? maxDeadline : requested;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .defaultDeadline(defaultDeadline)
                .maxDeadline(maxDeadline)
                .minStepTimeout(minStepTimeout)
                .quantile(quantile)
                .defaultExpectedLatency(defaultExpectedLatency)
                .relativeAccuracy(relativeAccuracy);
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private Duration defaultDeadline = DEFAULT_DEADLINE;
        private Duration maxDeadline = DEFAULT_MAX_DEADLINE;
        private Duration minStepTimeout = DEFAULT_MIN_STEP_TIMEOUT;
        private double quantile = DEFAULT_QUANTILE;
        private Duration defaultExpectedLatency = DEFAULT_EXPECTED_LATENCY;
        private double relativeAccuracy = DEFAULT_RELATIVE_ACCURACY;

        public Builder defaultDeadline(Duration v) {
            this.defaultDeadline = v;
            return this;
        }

        public Builder maxDeadline(Duration v) {
            this.maxDeadline = v;
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

        /** @throws InvalidFieldException naming the first component whose value is not allowed */
        public BudgetConfig build() {
            return new BudgetConfig(defaultDeadline, maxDeadline, minStepTimeout, quantile, defaultExpectedLatency, relativeAccuracy);
        }
    }
}
