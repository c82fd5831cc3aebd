package dev.detour.bench.load;

import dev.detour.bench.load.fixture.EchoProtocol;

/** The ways a call reaches an upstream that the load harness compares, each a row of its tables. */
public enum Route {
    /** The load generator calls the upstream's Streamable HTTP endpoint itself: the baseline. */
    DIRECT("direct", "upstream directly (HTTP)", EchoProtocol.TOOL),
    /** {@code detour proxy} in front of the upstream's HTTP endpoint. */
    DETOUR_PROXY_HTTP("detour-proxy-http", "`detour proxy` → HTTP upstream", EchoProtocol.TOOL),
    /** {@code detour proxy} in front of the upstream run as its stdio child. */
    DETOUR_PROXY_STDIO("detour-proxy-stdio", "`detour proxy` → stdio upstream", EchoProtocol.TOOL),
    /** {@code detour serve}, a logical tool with the upstream's {@code echo} as its one provider. */
    DETOUR_SERVE_LOGICAL("detour-serve-logical", "`detour serve`, logical tool → HTTP upstream", LoadStack.LOGICAL_TOOL),
    /** {@code detour serve}, a linear goal tool of three {@code echo} steps: three upstream calls per call. */
    DETOUR_SERVE_GOAL("detour-serve-goal", "`detour serve`, 3-step goal tool → HTTP upstream (3 upstream calls)", LoadStack.GOAL_TOOL),
    /** The npm {@code mcp-proxy} (TypeScript) in front of the upstream run as its stdio child. */
    MCP_PROXY_STDIO("mcp-proxy-stdio", "`mcp-proxy` (npm " + LoadStack.MCP_PROXY_VERSION + ") → stdio upstream", EchoProtocol.TOOL);

    private final String id;
    private final String label;
    private final String tool;

    Route(String id, String label, String tool) {
        this.id = id;
        this.label = label;
        this.tool = tool;
    }

    /** The route's part of a target id ({@code FAMILY/ID}). */
    public String id() {
        return id;
    }

    /** How the tables name it (Markdown). */
    public String label() {
        return label;
    }

    /** The tool the load generator calls on this route. */
    public String tool() {
        return tool;
    }

    /** Whether the route needs Node (the npm proxy). */
    public boolean needsNode() {
        return this == MCP_PROXY_STDIO;
    }
}
