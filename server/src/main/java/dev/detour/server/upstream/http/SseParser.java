package dev.detour.server.upstream.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental Server-Sent Events parser (the WHATWG event-stream format) for upstream response
 * streams. Hand-written: Vert.x core has no SSE client, and the format is a few line rules. Chunks
 * may split lines and multi-byte characters anywhere; bytes are decoded only per complete line.
 * Not thread-safe; one per stream.
 */
final class SseParser {

    /** One dispatched event. */
    record Event(String id, String type, String data) {}

    /** Largest pending line, in bytes: a stream that never ends a line is cut off, not buffered forever. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final Consumer<Event> sink;
    private Buffer pending = Buffer.buffer();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;
    private String lastEventId;
    private long retryMillis = -1;

    SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    /** The last {@code id:} seen, or {@code null}. */
    String lastEventId() {
        return lastEventId;
    }

    /** The last {@code retry:} seen in milliseconds, or -1. */
    long retryMillis() {
        return retryMillis;
    }

    /** Feeds bytes; dispatches every complete event. */
    void feed(Buffer chunk) {
        pending.appendBuffer(chunk);
        int start = 0;
        int length = pending.length();
        for (int i = 0; i < length; i++) {
            byte b = pending.getByte(i);
            if (b == '\n' || b == '\r') {
                line(pending.getString(start, i, StandardCharsets.UTF_8.name()));
                if (b == '\r' && i + 1 < length && pending.getByte(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        pending = start == 0 ? pending : pending.getBuffer(start, length);
        if (pending.length() > MAX_LINE_BYTES) {
            throw new IllegalStateException("SSE line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (hasData) {
                sink.accept(new Event(lastEventId, type == null ? "message" : type, data.toString()));
            }
            data.setLength(0);
            hasData = false;
            type = null;
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                try {
                    retryMillis = Long.parseLong(value);
                } catch (NumberFormatException ignored) {
                    // The spec says to ignore a retry field that is not a number.
                }
            }
            default -> { }
        }
    }
}
