package dev.detour.server.upstream;

import dev.detour.router.time.Ticker;
import dev.detour.server.secret.UpstreamAuthorization;
import dev.detour.server.upstream.http.HttpUpstreamTransport;
import dev.detour.server.upstream.stdio.StdioSupervisorConfig;
import dev.detour.server.upstream.stdio.StdioUpstreamTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Opens a transport for an {@link UpstreamSpec}: shared keep-alive HTTP clients for every HTTP
 * upstream (one for requests, one for GET streams), one supervised child per stdio transport.
 * Thread-safe.
 */
public final class UpstreamTransports {

    /** Connections per upstream host for requests (each POST holds one until its answer ends). */
    public static final int HTTP_POOL_SIZE = 256;
    /**
     * Connections per upstream host for GET streams: each session holds one per upstream for its
     * lifetime, so they get their own pool and can never starve requests.
     */
    public static final int STREAM_POOL_SIZE = 4096;

    private final Vertx vertx;
    private final StdioSupervisorConfig stdio;
    private final HttpClient http;
    private final HttpClient streams;
    private final Ticker ticker;
    /** One per upstream (as configured): every session to it shares the OAuth token. */
    private final java.util.Map<UpstreamSpec.Http, UpstreamAuthorization> authorizations = new java.util.concurrent.ConcurrentHashMap<>();

    public UpstreamTransports(Vertx vertx, StdioSupervisorConfig stdio) {
        this(vertx, stdio, Ticker.system());
    }

    /** @param ticker how OAuth token lifetimes are measured */
    public UpstreamTransports(Vertx vertx, StdioSupervisorConfig stdio, Ticker ticker) {
        this.ticker = ticker;
        this.vertx = vertx;
        this.stdio = stdio;
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(HTTP_POOL_SIZE));
        this.streams = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(STREAM_POOL_SIZE));
    }

    /** A new, unstarted transport for {@code spec}. */
    public UpstreamTransport open(UpstreamSpec spec) {
        return switch (spec) {
            case UpstreamSpec.Http h -> new HttpUpstreamTransport(http, streams, vertx, h.url(), h.name(),
                    authorizations.computeIfAbsent(h, k -> new UpstreamAuthorization(h.name(), h.credentials(), http, ticker)));
            case UpstreamSpec.Stdio s -> new StdioUpstreamTransport(vertx, s.command(), s.env(), s.name(), stdio);
        };
    }

    /** Closes the shared HTTP clients. */
    public Future<Void> close() {
        return Future.join(http.close(), streams.close()).mapEmpty();
    }
}
