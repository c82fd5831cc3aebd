package dev.detour.server.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of an {@link UpstreamClient}. Immutable.
 *
 * @param requestTimeout the absolute cap on one upstream request; progress does not extend it
 * @param readyWait      how long a call may wait for the upstream to (re)connect before it fails
 */
public record UpstreamClientConfig(Duration requestTimeout, Duration readyWait) {

    /** 5 minutes: long tools exist; the spec asks for a cap, not a small one. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** 10 seconds: covers a stdio restart with backoff and a slow {@code initialize}. */
    public static final Duration DEFAULT_READY_WAIT = Duration.ofSeconds(10);

    public UpstreamClientConfig {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(readyWait, "readyWait");
        if (requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("requestTimeout must be at least 1 ms, got " + requestTimeout);
        }
        if (readyWait.toMillis() < 1) {
            throw new IllegalArgumentException("readyWait must be at least 1 ms, got " + readyWait);
        }
    }

    /**
     * {@code readyWait + requestTimeout}: the longest a call that reports no progress can last
     * (waiting for the upstream, then answered or timed out). The bound on draining a session Detour
     * stops using; a call still running after it is failed when the session closes.
     */
    public Duration longestCall() {
        return readyWait.plus(requestTimeout);
    }

    public static UpstreamClientConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; fields start at their {@code DEFAULT_*}. */
    public static final class Builder {
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration readyWait = DEFAULT_READY_WAIT;

        private Builder() {}

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder readyWait(Duration value) {
            this.readyWait = value;
            return this;
        }

        public UpstreamClientConfig build() {
            return new UpstreamClientConfig(requestTimeout, readyWait);
        }
    }
}
