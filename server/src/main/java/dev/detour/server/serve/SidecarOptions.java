package dev.detour.server.serve;

import dev.detour.router.event.RouteJournal;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.stdio.StdioSupervisorConfig;
import java.util.Objects;

/**
 * How a {@link DetourSidecar} runs, apart from its config file. Immutable.
 *
 * @param endpoint        where the MCP endpoint listens and what it accepts
 * @param client          time limits of upstream requests
 * @param stdio           supervision of stdio upstream children
 * @param journalCapacity route events kept in {@link DetourSidecar#journal()}, newest first out last
 * @param escalationPolicy asked by goal tools when no path and no ladder step is left (e.g. router-langchain4j's
 *                         {@code LlmEscalationPolicy}), or {@code null} to escalate at once without asking anyone
 */
public record SidecarOptions(McpEndpointConfig endpoint, UpstreamClientConfig client, StdioSupervisorConfig stdio, int journalCapacity,
        EscalationPolicy escalationPolicy) {

    /** {@link RouteJournal#DEFAULT_CAPACITY} events: the recent history an operator looks at. */
    public static final int DEFAULT_JOURNAL_CAPACITY = RouteJournal.DEFAULT_CAPACITY;

    public SidecarOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(stdio, "stdio");
        if (journalCapacity < 1) {
            throw new IllegalArgumentException("journalCapacity must be at least 1, got " + journalCapacity);
        }
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

        private Builder() {
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

        public SidecarOptions build() {
            return new SidecarOptions(endpoint, client, stdio, journalCapacity, escalationPolicy);
        }
    }
}
