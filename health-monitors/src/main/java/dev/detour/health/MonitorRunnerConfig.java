package dev.detour.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MonitorRunner} runs its monitors. Immutable; build with {@link #builder()}.
 *
 * @param mailboxCapacity    the most outcomes queued for one monitor; beyond it outcomes are dropped
 *                           for that monitor only and reported as {@code OVERLOADED}
 * @param evaluationInterval how often every monitor's {@link HealthMonitor#evaluate} runs; the
 *                           resolution of every time-driven transition (probe starts and timeouts,
 *                           breaker half-open, ejection ends)
 * @param stallThreshold     how long a monitor may stay busy with one batch before it is reported as
 *                           {@code STALLED}
 * @param drainDelay         how long a recorded outcome may wait before its monitors see it: the lanes
 *                           are handed to the scheduler once per delay, not once per call; {@link
 *                           Duration#ZERO} hands every outcome over at once (fastest reaction, highest
 *                           cost per call)
 */
public record MonitorRunnerConfig(int mailboxCapacity, Duration evaluationInterval, Duration stallThreshold, Duration drainDelay) {

    /** 65,536 outcomes: about a second of a busy sidecar's calls, a few MB at worst. */
    public static final int DEFAULT_MAILBOX_CAPACITY = 65_536;

    /** 100 ms: ten times finer than the default probe interval, cheap (one task per monitor). */
    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMillis(100);

    /** 5 s: far above any sane monitor batch, short against the default ejection and open times. */
    public static final Duration DEFAULT_STALL_THRESHOLD = Duration.ofSeconds(5);

    /**
     * 5 ms: invisible next to any failover decision (a tool is out within one call plus 5 ms), and long
     * enough that a busy router hands each lane to the scheduler at most 200 times a second.
     */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofMillis(5);

    public MonitorRunnerConfig {
        if (mailboxCapacity < 1) {
            throw new IllegalArgumentException("mailboxCapacity must be at least 1, was " + mailboxCapacity);
        }
        positive(evaluationInterval, "evaluationInterval");
        positive(stallThreshold, "stallThreshold");
        Objects.requireNonNull(drainDelay, "drainDelay");
        if (drainDelay.isNegative()) {
            throw new IllegalArgumentException("drainDelay must not be negative, was " + drainDelay);
        }
    }

    static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static MonitorRunnerConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from the {@code DEFAULT_*} values. */
    public static final class Builder {
        private int mailboxCapacity = DEFAULT_MAILBOX_CAPACITY;
        private Duration evaluationInterval = DEFAULT_EVALUATION_INTERVAL;
        private Duration stallThreshold = DEFAULT_STALL_THRESHOLD;
        private Duration drainDelay = DEFAULT_DRAIN_DELAY;

        public Builder mailboxCapacity(int v) {
            this.mailboxCapacity = v;
            return this;
        }

        public Builder evaluationInterval(Duration v) {
            this.evaluationInterval = v;
            return this;
        }

        public Builder stallThreshold(Duration v) {
            this.stallThreshold = v;
            return this;
        }

        public Builder drainDelay(Duration v) {
            this.drainDelay = v;
            return this;
        }

        public MonitorRunnerConfig build() {
            return new MonitorRunnerConfig(mailboxCapacity, evaluationInterval, stallThreshold, drainDelay);
        }
    }
}
