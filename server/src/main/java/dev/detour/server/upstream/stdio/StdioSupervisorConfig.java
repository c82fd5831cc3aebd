package dev.detour.server.upstream.stdio;

import java.time.Duration;
import java.util.Objects;

/**
 * How stdio upstream children are supervised. Immutable.
 *
 * @param terminateGrace    time between SIGTERM and SIGKILL when stopping a child
 * @param initialBackoff    wait before the first restart after a crash
 * @param maxBackoff        cap on the wait between restarts
 * @param backoffMultiplier growth of the wait per consecutive failed start (&ge; 1)
 * @param stderrTailLines   how many of the child's last stderr lines go into a crash report
 */
public record StdioSupervisorConfig(
        Duration terminateGrace,
        Duration initialBackoff,
        Duration maxBackoff,
        double backoffMultiplier,
        int stderrTailLines) {

    /** 2 seconds. */
    public static final Duration DEFAULT_TERMINATE_GRACE = Duration.ofSeconds(2);
    /** 250 milliseconds. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    /** 30 seconds. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Doubling. */
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    /** 20 lines. */
    public static final int DEFAULT_STDERR_TAIL_LINES = 20;

    public StdioSupervisorConfig {
        Objects.requireNonNull(terminateGrace, "terminateGrace");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (terminateGrace.isNegative() || initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
        if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
            throw new IllegalArgumentException("backoffMultiplier must be a finite number >= 1, got " + backoffMultiplier);
        }
        if (stderrTailLines < 0) {
            throw new IllegalArgumentException("stderrTailLines must not be negative, got " + stderrTailLines);
        }
    }

    public static StdioSupervisorConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The wait before restart number {@code failures} (1 = first restart). */
    public Duration backoff(int failures) {
        double millis = initialBackoff.toMillis() * Math.pow(backoffMultiplier, Math.max(0, failures - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    /** Builder; fields start at their {@code DEFAULT_*}. */
    public static final class Builder {
        private Duration terminateGrace = DEFAULT_TERMINATE_GRACE;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private int stderrTailLines = DEFAULT_STDERR_TAIL_LINES;

        private Builder() {}

        public Builder terminateGrace(Duration value) {
            this.terminateGrace = value;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            this.initialBackoff = value;
            return this;
        }

        public Builder maxBackoff(Duration value) {
            this.maxBackoff = value;
            return this;
        }

        public Builder backoffMultiplier(double value) {
            this.backoffMultiplier = value;
            return this;
        }

        public Builder stderrTailLines(int value) {
            this.stderrTailLines = value;
            return this;
        }

        public StdioSupervisorConfig build() {
            return new StdioSupervisorConfig(terminateGrace, initialBackoff, maxBackoff, backoffMultiplier,
                    stderrTailLines);
        }
    }
}
