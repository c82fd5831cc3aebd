package dev.detour.server.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ToolErrorException;
import io.vertx.core.Future;

/**
 * SPI: moves raw JSON-RPC messages between Detour and one upstream MCP server (Streamable HTTP or a
 * stdio child). It knows framing and connection life, not MCP semantics; {@link UpstreamClient} sits
 * on top. Every method is called on the owning client's event loop, and every {@link Receiver}
 * callback arrives there too.
 */
public interface UpstreamTransport {

    /** Connects (spawns the child, or nothing for HTTP) and starts delivering to {@code receiver}. */
    Future<Void> start(Receiver receiver);

    /**
     * Sends one message. For a request the returned future fails with a {@link ToolErrorException} (see
     * {@link UpstreamFailures}) if
     * the request cannot be delivered or, where the transport can tell, will never be answered; the
     * answer itself arrives through {@link Receiver#onMessage}.
     */
    Future<Void> send(ObjectNode message);

    /**
     * Like {@link #send(ObjectNode)}; with {@code resendable}, a request the upstream may receive twice
     * without harm is sent again, once, when the connection it went out on closed before any answer —
     * a kept-alive connection the upstream closed just as the request was written, which says nothing
     * about the upstream's health. Transports without pooled connections ignore the flag.
     */
    default Future<Void> send(ObjectNode message, boolean resendable) {
        return send(message);
    }

    /** Records the protocol version negotiated by {@code initialize} (HTTP sends it as a header). */
    void protocolVersion(String version);

    /**
     * Stops waiting for the answer to request {@code requestId} by closing what carries it, where the
     * transport has such a thing (an HTTP POST); the 2026-07-28 way to cancel a request. Nothing by default.
     */
    default void abort(JsonNode requestId) {
    }

    /** Releases the connection (terminates the child, deletes the HTTP session). */
    Future<Void> close();

    /** Where a transport delivers what it hears. */
    interface Receiver {

        /**
         * One message from the upstream.
         *
         * @param relatedRequestId the id of Detour's request on whose response stream it came, or
         *     {@code null} when the transport cannot tell (stdio, a GET stream)
         */
        void onMessage(ObjectNode message, JsonNode relatedRequestId);

        /**
         * The upstream chose to answer Detour's request {@code requestId} with an SSE stream rather than
         * plain JSON (so Detour can answer its client the same way).
         */
        void onResponseStream(JsonNode requestId);

        /** The connection broke (child exited); every request in flight is lost. */
        void onDisconnected(ToolErrorException cause);

        /** The connection is back (child restarted); the MCP handshake must be redone. */
        void onReconnected();
    }
}
