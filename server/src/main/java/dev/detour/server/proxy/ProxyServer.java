package dev.detour.server.proxy;

import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.mcp.McpEndpointVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running proxy: the MCP endpoint verticle deployed on a Vert.x instance, fronting the configured
 * upstreams. {@link #stop()} is the graceful shutdown (stop accepting, drain in-flight requests
 * within the endpoint's drain timeout, close upstreams).
 */
public final class ProxyServer {

    private final Vertx vertx;
    private final McpEndpointVerticle endpoint;
    private final String deploymentId;

    private ProxyServer(Vertx vertx, McpEndpointVerticle endpoint, String deploymentId) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.deploymentId = deploymentId;
    }

    /**
     * Deploys the endpoint.
     *
     * @param ticker    the clock for session idle time
     * @param scheduler arms the upstream clients' timers
     */
    public static Future<ProxyServer> start(Vertx vertx, ProxyConfig proxy, McpEndpointConfig endpoint, Ticker ticker, Scheduler scheduler) {
        McpEndpointVerticle verticle = new McpEndpointVerticle(endpoint, ticker, v -> new McpProxy(v, proxy, scheduler));
        return vertx.deployVerticle(verticle).map(id -> new ProxyServer(vertx, verticle, id));
    }

    /** The URL clients connect to. */
    public String url() {
        return endpoint.url();
    }

    /** The bound port. */
    public int port() {
        return endpoint.actualPort();
    }

    /** Graceful shutdown; the Vert.x instance stays up. */
    public Future<Void> stop() {
        return vertx.undeploy(deploymentId);
    }
}
