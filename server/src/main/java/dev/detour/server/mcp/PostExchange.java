package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.identity.Principal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The exchange for one POSTed request. It answers with plain JSON unless a related message arrives
 * before the response: then it switches to an SSE stream, sends the message and, later, the response,
 * and ends the stream. So a quick call costs no SSE framing, and progress still flows when there is
 * some.
 */
final class PostExchange implements McpExchange {

    private enum State { PENDING, STREAMING, DONE }

    /** Encoded once: Vert.x and Netty handle an ASCII string byte by byte, a String char by char. */
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    private final HttpServerResponse response;
    private final boolean streamAccepted;
    private final SessionStreams streams;
    private final Principal principal;
    private State state = State.PENDING;
    private Runnable clientGone = () -> {};

    /**
     * @param streamAccepted the client's {@code Accept} lists {@code text/event-stream}
     * @param streams        the session's streams, or {@code null} for a stateless request
     * @param principal      who sent the request
     */
    PostExchange(HttpServerResponse response, boolean streamAccepted, SessionStreams streams, Principal principal) {
        this.response = response;
        this.principal = principal;
        this.streamAccepted = streamAccepted;
        this.streams = streams;
        if (streams != null) {
            streams.register(this);
        }
        response.closeHandler(v -> {
            if (state != State.DONE) {
                finish();
                clientGone.run();
            }
        });
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public boolean send(ObjectNode message) {
        if (state == State.DONE || !streamAccepted) {
            return false;
        }
        startStream();
        SseStreams.write(response, eventId(), message);
        return true;
    }

    /**
     * Session requests mirror the upstream's choice of an SSE answer at once. A stateless request opens
     * its stream only when a message is sent on it: until then its answer may still be an error whose
     * HTTP status 2026-07-28 prescribes (a 400 or a 404 cannot follow a 200 stream).
     */
    @Override
    public void openStream() {
        if (streams != null) {
            startStream();
        }
    }

    private void startStream() {
        if (state == State.PENDING && streamAccepted) {
            SseStreams.open(response);
            state = State.STREAMING;
        }
    }

    @Override
    public void reply(ObjectNode message) {
        switch (state) {
            case DONE -> { }
            case PENDING -> {
                finish();
                response.setStatusCode(status(message)).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(JsonRpc.encode(message));
            }
            case STREAMING -> {
                SseStreams.write(response, eventId(), message);
                finish();
                response.end();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return state != State.DONE;
    }

    @Override
    public void onClientGone(Runnable action) {
        this.clientGone = action;
    }

    /** 200, or for a stateless request answered with an error, the status 2026-07-28 gives that error. */
    private int status(ObjectNode message) {
        JsonNode error = message.get("error");
        return streams == null && error != null ? StatelessRequests.httpStatus(error.path("code").asInt()) : 200;
    }

    private String eventId() {
        return streams == null ? null : streams.nextEventId();
    }

    private void finish() {
        state = State.DONE;
        if (streams != null) {
            streams.unregister(this);
        }
    }
}
