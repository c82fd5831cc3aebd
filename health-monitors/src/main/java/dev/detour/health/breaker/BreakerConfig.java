package dev.detour.health.breaker;

import dev.detour.router.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How {@link BreakerMonitor}'s per-tool breakers trip and recover. Immutable; build with {@link
 * #builder()}. The fields map one-to-one onto Resilience4j's {@link CircuitBreakerConfig} ({@link
 * #toResilience4j}), except the two that are about routing: {@code halfOpenPenalty} and {@code
 * priority}.
 *
 * @param failureRateThreshold      percentage (0–100] of failed calls in the window that opens the breaker
 * @param slowCallRateThreshold     percentage (0–100] of slow calls in the window that opens the breaker
 * @param slowCallDuration          a call slower than this is slow
 * @param slidingWindowType         count-based (last N calls) or time-based (last N seconds)
 * @param slidingWindowSize         N: calls (count-based) or seconds (time-based)
 * @param minimumNumberOfCalls      calls needed in the window before the rates are judged
 * @param waitInOpen                how long an open breaker keeps the tool out before trial calls
 * @param permittedCallsInHalfOpen  how many trial calls decide between closing and re-opening
 * @param halfOpenPenalty           the finite weight factor of a half-open tool (≥ 1)
 * @param priority                  signal priority (see {@link dev.detour.health.SignalAggregation})
 */
public record BreakerConfig(
        float failureRateThreshold,
        float slowCallRateThreshold,
        Duration slowCallDuration,
        SlidingWindowType slidingWindowType,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration waitInOpen,
        int permittedCallsInHalfOpen,
        double halfOpenPenalty,
        int priority) {

    /** 50 %: half the recent calls failing is an outage, not noise (Resilience4j's default). */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;

    /**
     * 100 %: only a window in which every call was slow opens the breaker — that tool is hanging.
     * Partial slowness is the latency-SLO monitor's job, which penalises instead of cutting off.
     */
    public static final float DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100f;

    /** 30 s: above the slowest legitimate MCP tool calls we expect (LLM-backed tools take seconds). */
    public static final Duration DEFAULT_SLOW_CALL_DURATION = Duration.ofSeconds(30);

    /** Count-based: judged on the last calls, so an idle tool's verdict does not expire by itself. */
    public static final SlidingWindowType DEFAULT_SLIDING_WINDOW_TYPE = SlidingWindowType.COUNT_BASED;

    /** 20 calls: enough for a rate, few enough to trip within a second under load. */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;

    /** 5 calls: one or two failures of a rarely used tool are not an outage. */
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 5;

    /** 15 s: long enough for a restart or failover upstream, short enough to win the tool back soon. */
    public static final Duration DEFAULT_WAIT_IN_OPEN = Duration.ofSeconds(15);

    /** 3 trial calls: one lucky call does not close the breaker, one unlucky call does not re-open it. */
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN = 3;

    /**
     * 1.0: a half-open tool weighs its base cost, so the routes that prefer it carry the trial calls
     * (a failed trial is rerouted within its request). Raise it to make trials a last resort.
     */
    public static final double DEFAULT_HALF_OPEN_PENALTY = 1.0;

    /** 200: above outlier (150) and latency (100) — observed hard failures beat statistics. */
    public static final int DEFAULT_PRIORITY = 200;

    public BreakerConfig {
        percentage(failureRateThreshold, "failureRateThreshold");
        percentage(slowCallRateThreshold, "slowCallRateThreshold");
        positive(slowCallDuration, "slowCallDuration");
        Objects.requireNonNull(slidingWindowType, "slidingWindowType");
        atLeastOne(slidingWindowSize, "slidingWindowSize");
        atLeastOne(minimumNumberOfCalls, "minimumNumberOfCalls");
        positive(waitInOpen, "waitInOpen");
        atLeastOne(permittedCallsInHalfOpen, "permittedCallsInHalfOpen");
        if (!(halfOpenPenalty >= 1.0) || Double.isInfinite(halfOpenPenalty)) {
            throw new IllegalArgumentException("halfOpenPenalty must be finite and >= 1, was " + halfOpenPenalty);
        }
    }

    private static void percentage(float v, String name) {
        if (!(v > 0f && v <= 100f)) {
            throw new IllegalArgumentException(name + " must be in (0, 100], was " + v);
        }
    }

    private static void atLeastOne(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + v);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static BreakerConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Resilience4j configuration, on Detour's clocks: {@code clock} drives the open-state wait and
     * {@code ticker} the time-based window, so a fake ticker makes "half-opens after 15 s" instant.
     * The automatic open→half-open transition is off (it would use Resilience4j's own timer thread);
     * {@link BreakerMonitor#evaluate} checks the wait instead.
     */
    public CircuitBreakerConfig toResilience4j(InstantSource clock, Ticker ticker) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slowCallRateThreshold(slowCallRateThreshold)
                .slowCallDurationThreshold(slowCallDuration)
                .slidingWindow(slidingWindowSize, minimumNumberOfCalls, slidingWindowType)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpen)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock.withZone(ZoneOffset.UTC))
                .currentTimestampFunction(c -> ticker.nanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** Builder starting from the {@code DEFAULT_*} values. */
    public static final class Builder {
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private float slowCallRateThreshold = DEFAULT_SLOW_CALL_RATE_THRESHOLD;
        private Duration slowCallDuration = DEFAULT_SLOW_CALL_DURATION;
        private SlidingWindowType slidingWindowType = DEFAULT_SLIDING_WINDOW_TYPE;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private Duration waitInOpen = DEFAULT_WAIT_IN_OPEN;
        private int permittedCallsInHalfOpen = DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN;
        private double halfOpenPenalty = DEFAULT_HALF_OPEN_PENALTY;
        private int priority = DEFAULT_PRIORITY;

        public Builder failureRateThreshold(float v) {
            this.failureRateThreshold = v;
            return this;
        }

        public Builder slowCallRateThreshold(float v) {
            this.slowCallRateThreshold = v;
            return this;
        }

        public Builder slowCallDuration(Duration v) {
            this.slowCallDuration = v;
            return this;
        }

        public Builder slidingWindow(SlidingWindowType type, int size, int minimumCalls) {
            this.slidingWindowType = type;
            this.slidingWindowSize = size;
            this.minimumNumberOfCalls = minimumCalls;
            return this;
        }

        public Builder waitInOpen(Duration v) {
            this.waitInOpen = v;
            return this;
        }

        public Builder permittedCallsInHalfOpen(int v) {
            this.permittedCallsInHalfOpen = v;
            return this;
        }

        public Builder halfOpenPenalty(double v) {
            this.halfOpenPenalty = v;
            return this;
        }

        public Builder priority(int v) {
            this.priority = v;
            return this;
        }

        public BreakerConfig build() {
            return new BreakerConfig(failureRateThreshold, slowCallRateThreshold, slowCallDuration, slidingWindowType,
                    slidingWindowSize, minimumNumberOfCalls, waitInOpen, permittedCallsInHalfOpen, halfOpenPenalty, priority);
        }
    }
}
