package dev.detour.bench.load;

import dev.detour.bench.load.process.ManagedProcess;
import java.time.Duration;

/**
 * One endpoint under load: an upstream family ({@code fast} or {@code node}) reached by one
 * {@link Route}.
 *
 * @param family   the upstream behind it: {@code fast} (the Vert.x fixture) or {@code node} (the TypeScript SDK one)
 * @param route    how calls reach the upstream
 * @param url      the MCP endpoint the load generator calls
 * @param server   the process between the generator and the upstream (Detour, mcp-proxy); null for {@link Route#DIRECT}
 * @param upstream the upstream's HTTP process; null when the upstream is the server's stdio child
 * @param upstreamStats the fast fixture's {@code /control/stats} URL (connections accepted), when calls reach it over HTTP; else null
 * @param baseline whether the server runs from the baseline jar ({@code --baseline-jar}) rather than the one measured
 */
public record Target(String family, Route route, String url, ManagedProcess server, ManagedProcess upstream, String upstreamStats,
        boolean baseline) {

    /** {@code FAMILY/ROUTE}, e.g. {@code fast/detour-proxy-http}; {@code @baseline} appended for the baseline jar's. */
    public String id() {
        return family + "/" + route.id() + (baseline ? "@baseline" : "");
    }

    /** How the tables name the route (Markdown). */
    public String label() {
        return route.label() + (baseline ? " — baseline jar" : "");
    }

    /** CPU used so far by the server process itself (zero for the direct route). */
    public Duration serverCpu() {
        return server == null ? Duration.ZERO : server.ownCpu();
    }

    /** CPU used so far by the upstream: its HTTP process, or the server's stdio children. */
    public Duration upstreamCpu() {
        Duration children = server == null ? Duration.ZERO : server.descendantsCpu();
        return upstream == null ? children : upstream.ownCpu().plus(children);
    }
}
