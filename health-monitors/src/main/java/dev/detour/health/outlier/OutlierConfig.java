package dev.detour.health.outlier;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link OutlierMonitor} ejects providers. Immutable; build with {@link #builder()}.
 *
 * @param capabilities        capability name → the tools that provide it interchangeably (a tool
 *                            belongs to at most one capability; tools in none are not judged)
 * @param interval            how often error rates are compared; each comparison uses the calls
 *                            since the previous one
 * @param minimumRequests     calls a tool needs in an interval before its error rate is judged, or
 *                            before it counts as a peer
 * @param errorRateMargin     how far (absolute, 0–1) a tool's error rate must exceed its peers'
 *                            pooled error rate to be ejected
 * @param failureRateThreshold the error rate (0–1) that ejects a tool when no peer had enough calls
 *                            to compare with (Envoy's failure-percentage rule)
 * @param baseEjectionTime    ejection length the first time; the n-th consecutive ejection lasts
 *                            n × this
 * @param maxEjectionTime     cap on one ejection's length
 * @param maxEjectedShare     the largest share (0–1] of one capability's providers ejected at once;
 *                            at least one and never all of a capability with two or more providers
 * @param priority            signal priority (see {@link dev.detour.health.SignalAggregation})
 */
public record OutlierConfig(
        Map<String, Set<String>> capabilities,
        Duration interval,
        int minimumRequests,
        double errorRateMargin,
        double failureRateThreshold,
        Duration baseEjectionTime,
        Duration maxEjectionTime,
        double maxEjectedShare,
        int priority) {

    /** 10 s: Envoy's default interval; enough calls accumulate to compare rates. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /** 10 calls: below this a rate is noise (Envoy uses 50–100 for high-traffic HTTP; MCP tools see fewer calls). */
    public static final int DEFAULT_MINIMUM_REQUESTS = 10;

    /** 0.3: thirty percentage points above the peers is "far above", not a bad minute. */
    public static final double DEFAULT_ERROR_RATE_MARGIN = 0.3;

    /** 0.85: Envoy's failure-percentage threshold, for a tool whose peers carry no traffic to compare with. */
    public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.85;

    /** 30 s: Envoy's base ejection time. */
    public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);

    /** 300 s: Envoy's cap; a provider is retried at least every five minutes. */
    public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofSeconds(300);

    /**
     * 0.5: half the providers at most. Envoy's 10 % assumes large fleets; capabilities have two or
     * three providers, and a fleet-wide problem must never eject them all.
     */
    public static final double DEFAULT_MAX_EJECTED_SHARE = 0.5;

    /** 150: between breaker (200) and latency (100). */
    public static final int DEFAULT_PRIORITY = 150;

    public OutlierConfig {
        Objects.requireNonNull(capabilities, "capabilities");
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        capabilities.forEach((capability, tools) -> {
            Set<String> members = Set.copyOf(tools);
            for (String tool : members) {
                String previous = owner.put(tool, capability);
                if (previous != null) {
                    throw new IllegalArgumentException("tool '" + tool + "' is in capabilities '" + previous + "' and '" + capability
                            + "'; a tool provides at most one capability");
                }
            }
            copy.put(capability, members);
        });
        capabilities = java.util.Collections.unmodifiableMap(copy);
        positive(interval, "interval");
        if (minimumRequests < 1) {
            throw new IllegalArgumentException("minimumRequests must be at least 1, was " + minimumRequests);
        }
        fraction(errorRateMargin, "errorRateMargin");
        fraction(failureRateThreshold, "failureRateThreshold");
        positive(baseEjectionTime, "baseEjectionTime");
        positive(maxEjectionTime, "maxEjectionTime");
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new IllegalArgumentException("maxEjectionTime (" + maxEjectionTime + ") must not be below baseEjectionTime (" + baseEjectionTime + ")");
        }
        fraction(maxEjectedShare, "maxEjectedShare");
    }

    private static void fraction(double v, String name) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], was " + v);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** How many of {@code providers} providers may be ejected at once. */
    public int maxEjected(int providers) {
        if (providers < 2) {
            return 0;
        }
        return Math.min(providers - 1, Math.max(1, (int) Math.floor(maxEjectedShare * providers)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from the {@code DEFAULT_*} values and no capabilities. */
    public static final class Builder {
        private final Map<String, Set<String>> capabilities = new LinkedHashMap<>();
        private Duration interval = DEFAULT_INTERVAL;
        private int minimumRequests = DEFAULT_MINIMUM_REQUESTS;
        private double errorRateMargin = DEFAULT_ERROR_RATE_MARGIN;
        private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private Duration baseEjectionTime = DEFAULT_BASE_EJECTION_TIME;
        private Duration maxEjectionTime = DEFAULT_MAX_EJECTION_TIME;
        private double maxEjectedShare = DEFAULT_MAX_EJECTED_SHARE;
        private int priority = DEFAULT_PRIORITY;

        /** Declares {@code tools} as interchangeable providers of {@code capability}. */
        public Builder capability(String capability, String... tools) {
            capabilities.put(Objects.requireNonNull(capability, "capability"), Set.of(tools));
            return this;
        }

        public Builder interval(Duration v) {
            this.interval = v;
            return this;
        }

        public Builder minimumRequests(int v) {
            this.minimumRequests = v;
            return this;
        }

        public Builder errorRateMargin(double v) {
            this.errorRateMargin = v;
            return this;
        }

        public Builder failureRateThreshold(double v) {
            this.failureRateThreshold = v;
            return this;
        }

        public Builder baseEjectionTime(Duration v) {
            this.baseEjectionTime = v;
            return this;
        }

        public Builder maxEjectionTime(Duration v) {
            this.maxEjectionTime = v;
            return this;
        }

        public Builder maxEjectedShare(double v) {
            this.maxEjectedShare = v;
            return this;
        }

        public Builder priority(int v) {
            this.priority = v;
            return this;
        }

        public OutlierConfig build() {
            return new OutlierConfig(capabilities, interval, minimumRequests, errorRateMargin, failureRateThreshold,
                    baseEjectionTime, maxEjectionTime, maxEjectedShare, priority);
        }
    }
}
