package dev.detour.bench.atba;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long one simulated upstream tool takes: a log-normal body with a rare stall on top.
 *
 * <p>The log-normal gives the usual right-skewed service time; the stall (the call hangs for
 * {@code stallFactor} times its normal latency, as a stuck connection or an overloaded model
 * server does) gives the heavy tail that per-call timeouts exist for, and that a log-normal alone
 * underweights.
 *
 * @param median      the median of the log-normal body
 * @param sigma       the standard deviation of the body's logarithm (0.5 puts p95 at 2.3× the median)
 * @param stallChance the probability that a call stalls, in [0, 1)
 * @param stallFactor how many times longer a stalled call takes, at least 1
 */
public record LatencyProfile(Duration median, double sigma, double stallChance, double stallFactor) {

    public LatencyProfile {
        Objects.requireNonNull(median, "median");
        if (median.isNegative() || median.isZero()) {
            throw new IllegalArgumentException("median must be positive, was " + median);
        }
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must not be negative, was " + sigma);
        }
        if (!(stallChance >= 0 && stallChance < 1)) {
            throw new IllegalArgumentException("stallChance must lie in [0, 1), was " + stallChance);
        }
        if (!(stallFactor >= 1)) {
            throw new IllegalArgumentException("stallFactor must be at least 1, was " + stallFactor);
        }
    }

    /**
     * Draws one latency in nanoseconds (at least 1). Always consumes exactly two values of {@code
     * random}, so the draws of later tools do not depend on whether this one stalled.
     */
    public long sampleNanos(RandomGenerator random) {
        double body = median.toNanos() * Math.exp(sigma * random.nextGaussian());
        boolean stalled = random.nextDouble() < stallChance;
        return Math.max(1, Math.round(stalled ? body * stallFactor : body));
    }
}
