package dev.detour.server.upstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GET stream of one upstream session (2025 revisions), for messages the server sends on its own:
 * opened after {@code initialize}, reopened with backoff when it drops, given up when the server
 * answers anything but 200 (405: it offers none) or speaks 2026-07-28, which has no GET stream.
 * Confined to the transport's event loop.
 */
final class StandaloneStream {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneStream.class);

    private final HttpClient streams;
    private final Vertx vertx;
    private final String name;
    private final Supplier<Future<RequestOptions>> options;
    private final Handler<ObjectNode> onMessage;
    private HttpClientRequest open;
    private boolean offered = true;
    private boolean closed;

    /**
     * @param options   the GET's options, made fresh for each attempt (session headers change, an OAuth
     *                  token may need fetching first)
     * @param onMessage where each message on the stream goes
     */
    StandaloneStream(HttpClient streams, Vertx vertx, String name, Supplier<Future<RequestOptions>> options,
            Handler<ObjectNode> onMessage) {
        this.streams = streams;
        this.vertx = vertx;
        this.name = name;
        this.options = options;
        this.onMessage = onMessage;
    }

    /** Opens the stream unless it is open, not offered, or closed. */
    void open() {
        open(0);
    }

    /** The upstream has no GET stream (it speaks 2026-07-28): never ask. */
    void notOffered() {
        offered = false;
    }

    /** Drops the stream (the session is being renewed); {@link #open()} opens it again. */
    void reset() {
        if (open != null) {
            open.reset();
            open = null;
        }
    }

    /** Drops the stream for good. */
    void close() {
        closed = true;
        reset();
    }

    private void open(int attempt) {
        if (closed || !offered || open != null) {
            return;
        }
        options.get().compose(streams::request).onComplete(requested -> {
            if (requested.failed()) {
                retry(attempt);
                return;
            }
            HttpClientRequest request = requested.result();
            open = request;
            request.send().onComplete(answered -> {
                if (answered.failed()) {
                    open = null;
                    retry(attempt);
                    return;
                }
                HttpClientResponse response = answered.result();
                if (response.statusCode() != 200) {
                    // 405: the server offers no GET stream; anything else: stop asking too.
                    offered = false;
                    open = null;
                    response.body();
                    return;
                }
                SseParser parser = new SseParser(event -> {
                    if (!event.data().isEmpty()) {
                        try {
                            JsonNode parsed = JsonRpc.parse(event.data().getBytes(StandardCharsets.UTF_8));
                            if (parsed instanceof ObjectNode object) {
                                onMessage.handle(object);
                            }
                        } catch (JsonRpcException e) {
                            LOG.warn("{}: unparseable SSE event on the GET stream: {}", name, e.getMessage());
                        }
                    }
                });
                response.handler(parser::feed);
                response.exceptionHandler(e -> LOG.debug("{}: GET stream broke: {}", name, e.getMessage()));
                response.endHandler(v -> {
                    open = null;
                    retry(0);
                });
            });
        });
    }

    private void retry(int attempt) {
        if (closed) {
            return;
        }
        long delay = Math.min(30_000, HttpUpstreamTransport.DEFAULT_RECONNECT_DELAY.toMillis() << Math.min(attempt, 5));
        vertx.setTimer(delay, t -> open(attempt + 1));
    }
}
