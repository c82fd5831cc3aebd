package dev.detour.health.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ProbeMonitor} probes. Immutable; build with {@link #builder()}.
 *
 * @param interval         time between the starts of two probes of one tool (a probe never overlaps
 *                         the previous one of the same tool)
 * @param timeout          how long one probe may take; separate from call timeouts, because a tool
 *                         whose calls are slow may still answer a ping fast
 * @param failureThreshold consecutive failed probes that take a tool out (UNAVAILABLE)
 * @param successThreshold consecutive successful probes that reinstate it
 * @param priority         signal priority (see {@link dev.detour.health.SignalAggregation})
 */
public record ProbeConfig(Duration interval, Duration timeout, int failureThreshold, int successThreshold, int priority) {

    /** 1 s: with the defaults below, a dead idle tool is out within 3 s (DESIGN.md's bar). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** 1 s: a ping is cheap; a healthy upstream answers in milliseconds even while its tools are slow. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** 3 consecutive failures: one lost or slow ping must not take a tool offline. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    /** 2 consecutive successes: a tool that answers once while restarting is not reinstated yet. */
    public static final int DEFAULT_SUCCESS_THRESHOLD = 2;

    /** 300: above the passive monitors — a probe looks at the tool directly; below operator risk flags. */
    public static final int DEFAULT_PRIORITY = 300;

    public ProbeConfig {
        positive(interval, "interval");
        positive(timeout, "timeout");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        if (successThreshold < 1) {
            throw new IllegalArgumentException("successThreshold must be at least 1, was " + successThreshold);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static ProbeConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from the {@code DEFAULT_*} values. */
    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private int successThreshold = DEFAULT_SUCCESS_THRESHOLD;
        private int priority = DEFAULT_PRIORITY;

        public Builder interval(Duration v) {
            this.interval = v;
            return this;
        }

        public Builder timeout(Duration v) {
            this.timeout = v;
            return this;
        }

        public Builder failureThreshold(int v) {
            this.failureThreshold = v;
            return this;
        }

        public Builder successThreshold(int v) {
            this.successThreshold = v;
            return this;
        }

        public Builder priority(int v) {
            this.priority = v;
            return this;
        }

        public ProbeConfig build() {
            return new ProbeConfig(interval, timeout, failureThreshold, successThreshold, priority);
        }
    }
}
