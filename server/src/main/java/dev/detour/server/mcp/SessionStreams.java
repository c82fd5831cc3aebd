package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The ways one session can reach its client: the standalone GET stream, if open, and the POST
 * exchanges still waiting for their response. Event ids are unique per session. Confined to the
 * endpoint's event loop.
 */
public final class SessionStreams {

    private final Deque<PostExchange> openExchanges = new ArrayDeque<>();
    private HttpServerResponse standalone;
    private long nextEventId = 1;

    /**
     * Delivers a message that belongs to no particular request (list changes, resource updates, or a
     * server request whose cause is unknown): on the standalone stream if open, else on the most
     * recent POST stream still open.
     *
     * @return false when no stream can carry it
     */
    public boolean sendUnrelated(ObjectNode message) {
        if (standalone != null) {
            SseStreams.write(standalone, nextEventId(), message);
            return true;
        }
        for (var it = openExchanges.descendingIterator(); it.hasNext(); ) {
            if (it.next().send(message)) {
                return true;
            }
        }
        return false;
    }

    /** True while the client holds a GET stream open or waits on a POST. */
    public boolean busy() {
        return standalone != null || !openExchanges.isEmpty();
    }

    String nextEventId() {
        return Long.toString(nextEventId++);
    }

    boolean hasStandalone() {
        return standalone != null;
    }

    void openStandalone(HttpServerResponse response) {
        standalone = response;
        SseStreams.open(response);
        response.closeHandler(v -> {
            if (standalone == response) {
                standalone = null;
            }
        });
        // Flushes the headers now, so the client knows the stream is live before any event.
        response.write(": stream open\n\n");
    }

    void register(PostExchange exchange) {
        openExchanges.addLast(exchange);
    }

    void unregister(PostExchange exchange) {
        openExchanges.remove(exchange);
    }

    /** Ends the standalone stream (session end, shutdown). */
    void closeStandalone() {
        HttpServerResponse response = standalone;
        standalone = null;
        if (response != null && !response.ended() && !response.closed()) {
            response.end();
        }
    }
}
