package dev.detour.server.mcp;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the downstream Streamable HTTP endpoint listens and what it accepts. Immutable.
 *
 * @param host                 interface to bind; loopback by default
 * @param port                 TCP port; 0 picks a free one
 * @param path                 the MCP endpoint path
 * @param maxBodyBytes         largest POST body accepted, in bytes
 * @param sessionIdleTimeout   a session unused this long is closed
 * @param sessionSweepInterval how often idle sessions are looked for
 * @param allowedOrigins       browser origins accepted besides loopback ones
 * @param drainTimeout         on shutdown, how long in-flight requests may take to finish
 */
public record McpEndpointConfig(
        String host,
        int port,
        String path,
        int maxBodyBytes,
        Duration sessionIdleTimeout,
        Duration sessionSweepInterval,
        Set<String> allowedOrigins,
        Duration drainTimeout) {

    /** Loopback: a sidecar serves the agent next to it. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** 0: any free port, printed at start-up. */
    public static final int DEFAULT_PORT = 0;
    /** The path the MCP spec examples use. */
    public static final String DEFAULT_PATH = "/mcp";
    /** 4 MiB, in bytes: room for large tool arguments, small enough to refuse abuse early. */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** 30 minutes. */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** 30 seconds. */
    public static final Duration DEFAULT_SESSION_SWEEP_INTERVAL = Duration.ofSeconds(30);
    /** 10 seconds. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public McpEndpointConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionSweepInterval, "sessionSweepInterval");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got " + path);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("sessionIdleTimeout must be positive, got " + sessionIdleTimeout);
        }
        if (sessionSweepInterval.toMillis() < 1) {
            throw new IllegalArgumentException("sessionSweepInterval must be at least 1 ms, got " + sessionSweepInterval);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
        }
    }

    /** The defaults. */
    public static McpEndpointConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when bound to a loopback address, which turns on the {@code Host} check. */
    public boolean loopbackBound() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    /** Builder; every field starts at its {@code DEFAULT_*}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String path = DEFAULT_PATH;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
        private Duration sessionSweepInterval = DEFAULT_SESSION_SWEEP_INTERVAL;
        private Set<String> allowedOrigins = Set.of();
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

        private Builder() {}

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder path(String value) {
            this.path = value;
            return this;
        }

        public Builder maxBodyBytes(int value) {
            this.maxBodyBytes = value;
            return this;
        }

        public Builder sessionIdleTimeout(Duration value) {
            this.sessionIdleTimeout = value;
            return this;
        }

        public Builder sessionSweepInterval(Duration value) {
            this.sessionSweepInterval = value;
            return this;
        }

        public Builder allowedOrigins(Set<String> value) {
            this.allowedOrigins = value;
            return this;
        }

        public Builder drainTimeout(Duration value) {
            this.drainTimeout = value;
            return this;
        }

        public McpEndpointConfig build() {
            return new McpEndpointConfig(host, port, path, maxBodyBytes, sessionIdleTimeout, sessionSweepInterval,
                    allowedOrigins, drainTimeout);
        }
    }
}
