package dev.detour.bench.load.client;

import io.vertx.core.json.JsonObject;

/**
 * One {@code tools/call} as the load generator saw it: the HTTP status and the body, JSON or SSE.
 *
 * @param status the HTTP status, or 0 when the exchange failed before any answer (the connection
 *               was refused or reset, or the call timed out)
 * @param body   the body as text ({@code ""} when there was none)
 * @param sse    whether the answer came as {@code text/event-stream}
 */
public record CallAnswer(int status, String body, boolean sse) {

    /** An exchange that ended without an answer. */
    public static CallAnswer failed(Throwable cause) {
        return new CallAnswer(0, String.valueOf(cause), false);
    }

    /**
     * Whether this is a successful tool result: HTTP 200 with a JSON-RPC {@code result} that is not
     * {@code isError}. A cheap text check, good enough for the fixtures' compact JSON and fast enough
     * for the load generator's hot path.
     */
    public boolean succeeded() {
        return status == 200 && body.contains("\"result\"") && !body.contains("\"isError\":true");
    }

    /**
     * The JSON-RPC response object, parsed; from an SSE stream, the last {@code data:} line that holds
     * a response. Null when there is none.
     */
    public JsonObject response() {
        if (status != 200 || body.isEmpty()) {
            return null;
        }
        if (!sse) {
            return parse(body);
        }
        JsonObject last = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                JsonObject message = parse(line.substring(5).trim());
                if (message != null && (message.containsKey("result") || message.containsKey("error"))) {
                    last = message;
                }
            }
        }
        return last;
    }

    private static JsonObject parse(String json) {
        try {
            return new JsonObject(json);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
