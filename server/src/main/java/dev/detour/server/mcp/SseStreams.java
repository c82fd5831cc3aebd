package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-Sent Events framing for MCP messages. Hand-written because Vert.x core has no SSE writer and
 * the format is three lines; every event is one JSON-RPC message in one {@code data:} line (JSON
 * serialised by Jackson never contains a raw newline).
 */
final class SseStreams {

    private SseStreams() {}

    /** Starts an SSE response: 200, event-stream, no caching, no proxy buffering. */
    static void open(HttpServerResponse response) {
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true);
    }

    /** Writes one event carrying {@code message}. */
    static void write(HttpServerResponse response, String eventId, JsonNode message) {
        Buffer event = Buffer.buffer(64);
        if (eventId != null) {
            event.appendString("id: ").appendString(eventId).appendString("\n");
        }
        event.appendString("event: message\ndata: ").appendBuffer(JsonRpc.encode(message)).appendString("\n\n");
        response.write(event);
    }
}
