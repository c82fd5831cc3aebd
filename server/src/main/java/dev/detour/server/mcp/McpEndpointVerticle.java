package dev.detour.server.mcp;

import dev.detour.router.time.Ticker;
import dev.detour.server.identity.EndpointFront;
import dev.detour.server.identity.RequestPrincipals;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Serves the downstream MCP endpoint. Deploy one instance: sessions and the upstream connections
 * they own live on this verticle's event loop, so no state is shared between threads.
 *
 * <p>{@link #stop()} is the graceful shutdown: it ends standalone streams, stops accepting
 * connections and lets in-flight requests finish within {@link McpEndpointConfig#drainTimeout()},
 * then closes the sessions and the {@link McpServer}.
 */
public final class McpEndpointVerticle extends VerticleBase {

    private final McpEndpointConfig config;
    private final Ticker ticker;
    private final Function<io.vertx.core.Vertx, McpServer> serverFactory;
    private final EndpointFront front;
    private HttpServer httpServer;
    private McpServer mcpServer;
    private Sessions sessions;
    private long sweepTimer = -1;

    /**
     * @param config        what to listen on and accept
     * @param ticker        the clock for session idle time
     * @param serverFactory builds the message handler once Vert.x is known
     */
    public McpEndpointVerticle(McpEndpointConfig config, Ticker ticker,
            Function<io.vertx.core.Vertx, McpServer> serverFactory) {
        this(config, ticker, serverFactory, EndpointFront.NONE);
    }

    /** @param front what sees every request before the endpoint (authentication), built as the listener starts */
    public McpEndpointVerticle(McpEndpointConfig config, Ticker ticker,
            Function<io.vertx.core.Vertx, McpServer> serverFactory, EndpointFront front) {
        this.config = config;
        this.ticker = ticker;
        this.serverFactory = serverFactory;
        this.front = front;
    }

    @Override
    public Future<?> start() {
        sessions = new Sessions(ticker, config.sessionIdleTimeout());
        mcpServer = serverFactory.apply(vertx);
        sweepTimer = vertx.setPeriodic(config.sessionSweepInterval().toMillis(), id -> sessions.expireIdle());
        RequestPrincipals principals = new RequestPrincipals();
        httpServer = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(front.wrap(new StreamableHttpEndpoint(config, sessions, mcpServer, principals::of), principals));
        return httpServer.listen();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweepTimer);
        sessions.closeStreams();
        return httpServer.shutdown(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .eventually(sessions::closeAll)
                .eventually(mcpServer::close);
    }

    /** The port actually bound (useful with port 0); valid after start. */
    public int actualPort() {
        return httpServer.actualPort();
    }

    /** The URL clients connect to; valid after start. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + actualPort() + config.path();
    }
}
