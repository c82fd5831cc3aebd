package dev.detour.bench.load;

import dev.detour.bench.load.client.CallAnswer;
import dev.detour.bench.load.client.Caller;
import dev.detour.bench.load.client.McpSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's side of one target in one round: its own connection pool and its MCP sessions,
 * calls spread over the sessions in turn, the sessions ended when the target has been measured. A
 * target that stops answering is {@linkplain #abandon() abandoned}: closing its pool fails the calls
 * queued for it at once, so it cannot hold up the rest of the run. Confined to the load generator's
 * event loop.
 */
final class Endpoint implements Caller {

    private final HttpClient client;
    private final List<McpSession> sessions;
    private int next;
    private boolean abandoned;

    private Endpoint(HttpClient client, List<McpSession> sessions) {
        this.client = client;
        this.sessions = sessions;
    }

    /** Opens {@code sessions} sessions at {@code url} over a pool of {@code connections}, calling {@code tool}. */
    static Future<Endpoint> open(Vertx vertx, String url, String tool, JsonObject arguments, int connections, int sessions,
            Duration callTimeout) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        List<Future<McpSession>> opening = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            opening.add(McpSession.open(client, URI.create(url), tool, arguments, null, callTimeout));
        }
        return Future.all(opening).map(all -> new Endpoint(client, opening.stream().map(Future::result).toList()))
                .onFailure(e -> client.close());
    }

    @Override
    public Future<CallAnswer> call() {
        return sessions.get(next++ % sessions.size()).call();
    }

    /** Whether {@link #abandon()} was called. */
    boolean abandoned() {
        return abandoned;
    }

    /** Closes the pool: calls queued or in flight fail now, later calls fail at once. */
    Future<Void> abandon() {
        abandoned = true;
        return client.close();
    }

    /** Ends every session ({@code DELETE}) unless the target was abandoned, then closes the pool. */
    Future<Void> close() {
        Future<Void> ended = abandoned ? Future.succeededFuture() : Future.join(sessions.stream().map(McpSession::end).toList()).mapEmpty();
        return ended.eventually(client::close);
    }
}
