package dev.detour.server.serve;

import dev.detour.langchain4j.LlmCallListener;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.observe.AdminServer;
import dev.detour.server.observe.SidecarMetrics;
import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.stdio.StdioSupervisorConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link DetourSidecar} runs, apart from its config file. Immutable.
 *
 * @param endpoint        where the MCP endpoint listens and what it accepts
 * @param client          time limits of upstream requests
 * @param stdio           supervision of stdio upstream children
 * @param journalCapacity route events kept in {@link DetourSidecar#journal()}, newest first out last
 * @param escalationPolicy asked by goal tools when no path and no ladder step is left, instead of the config's
 *                         {@code llm} section (for embedders and tests), or {@code null}: the {@code llm} section's
 *                         model when the config has one, else nobody (such a dead end escalates at once)
 * @param adminHost       the interface the admin listener (metrics, health, admin API) binds
 * @param adminPort       the admin listener's port; 0 picks a free one
 * @param ticker          how the sidecar reads time: session idle time, call latencies, ATBA budgets
 * @param scheduler       where its timers run: call windows, deadlines, upstream request timeouts, monitors
 * @param meterRegistry   where its meters go, or {@code null} for a fresh registry; pass the one the sidecar's
 *                        {@link SidecarMetrics#measuredVertx} reports to, to see Vert.x's meters next to Detour's
 * @param llmListener     also told of every call the {@code llm} section's model gets and every request a cached
 *                        decision answered (the demo narrates them); {@link LlmCallListener#NONE} by default
 * @param clock           wall-clock time: JWT {@code exp}/{@code nbf} checks and audit time stamps
 * @param insecureNoAuth  serve a non-loopback interface without {@code auth:} (or the admin listener
 *                        without {@code admin:}) anyway; refused otherwise
 */
public record SidecarOptions(McpEndpointConfig endpoint, UpstreamClientConfig client, StdioSupervisorConfig stdio, int journalCapacity,
        EscalationPolicy escalationPolicy, String adminHost, int adminPort, Ticker ticker, Scheduler scheduler,
        PrometheusMeterRegistry meterRegistry, LlmCallListener llmListener, InstantSource clock, boolean insecureNoAuth) {

    /** {@link RouteJournal#DEFAULT_CAPACITY} events: the recent history an operator looks at. */
    public static final int DEFAULT_JOURNAL_CAPACITY = RouteJournal.DEFAULT_CAPACITY;
    /** {@value AdminServer#DEFAULT_PORT}: the port Prometheus exporters conventionally take for a JVM application. */
    public static final int DEFAULT_ADMIN_PORT = AdminServer.DEFAULT_PORT;
    /** {@value AdminServer#DEFAULT_HOST}: loopback, since the admin API shows the live graph and route decisions. */
    public static final String DEFAULT_ADMIN_HOST = AdminServer.DEFAULT_HOST;

    public SidecarOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(stdio, "stdio");
        if (journalCapacity < 1) {
            throw new IllegalArgumentException("journalCapacity must be at least 1, got " + journalCapacity);
        }
        if (adminHost == null || adminHost.isBlank()) {
            throw new IllegalArgumentException("adminHost must name an interface, got '" + adminHost + "'");
        }
        if (adminPort < 0 || adminPort > 65535) {
            throw new IllegalArgumentException("adminPort must be between 0 and 65535, got " + adminPort);
        }
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(llmListener, "llmListener");
        Objects.requireNonNull(clock, "clock");
    }

    public static SidecarOptions ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; fields start at their defaults. */
    public static final class Builder {
        private McpEndpointConfig endpoint = McpEndpointConfig.builder().build();
        private UpstreamClientConfig client = UpstreamClientConfig.ofDefaults();
        private StdioSupervisorConfig stdio = StdioSupervisorConfig.ofDefaults();
        private int journalCapacity = DEFAULT_JOURNAL_CAPACITY;
        private EscalationPolicy escalationPolicy;
        private String adminHost = DEFAULT_ADMIN_HOST;
        private int adminPort = DEFAULT_ADMIN_PORT;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = Scheduler.system();
        private PrometheusMeterRegistry meterRegistry;
        private LlmCallListener llmListener = LlmCallListener.NONE;
        private InstantSource clock = InstantSource.system();
        private boolean insecureNoAuth;

        private Builder() {
        }

        /** Wall-clock time for token expiry and audit stamps; default {@link InstantSource#system()}. Tests pass a {@code ManualClock}. */
        public Builder clock(InstantSource v) {
            this.clock = v;
            return this;
        }

        /** Serve a non-loopback interface without {@code auth:} anyway ({@code --insecure-no-auth}). */
        public Builder insecureNoAuth(boolean v) {
            this.insecureNoAuth = v;
            return this;
        }

        public Builder endpoint(McpEndpointConfig v) {
            this.endpoint = v;
            return this;
        }

        public Builder client(UpstreamClientConfig v) {
            this.client = v;
            return this;
        }

        public Builder stdio(StdioSupervisorConfig v) {
            this.stdio = v;
            return this;
        }

        public Builder journalCapacity(int v) {
            this.journalCapacity = v;
            return this;
        }

        public Builder escalationPolicy(EscalationPolicy v) {
            this.escalationPolicy = v;
            return this;
        }

        public Builder adminHost(String v) {
            this.adminHost = v;
            return this;
        }

        /** The admin listener's port; 0 picks a free one. */
        public Builder adminPort(int v) {
            this.adminPort = v;
            return this;
        }

        /** How the sidecar reads time; default {@link Ticker#system()}. Tests pass a {@code ManualClock}. */
        public Builder ticker(Ticker v) {
            this.ticker = v;
            return this;
        }

        /** Where the sidecar's timers run; default {@link Scheduler#system()}. Tests pass the same {@code ManualClock}. */
        public Builder scheduler(Scheduler v) {
            this.scheduler = v;
            return this;
        }

        /** Where the sidecar's meters go; default a fresh registry of its own. */
        public Builder meterRegistry(PrometheusMeterRegistry v) {
            this.meterRegistry = v;
            return this;
        }

        /** Also told of the {@code llm} section's calls and cached decisions; default {@link LlmCallListener#NONE}. */
        public Builder llmListener(LlmCallListener v) {
            this.llmListener = v;
            return this;
        }

        public SidecarOptions build() {
            return new SidecarOptions(endpoint, client, stdio, journalCapacity, escalationPolicy, adminHost, adminPort, ticker, scheduler,
                    meterRegistry, llmListener, clock, insecureNoAuth);
        }
    }
}
