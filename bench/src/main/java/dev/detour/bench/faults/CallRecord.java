package dev.detour.bench.faults;

import dev.detour.bench.load.client.CallAnswer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One call of the logical tool as the client saw it.
 *
 * @param intendedNanos when it was due ({@code System.nanoTime()}), open loop
 * @param sentNanos     when the load generator actually sent it (later than due: the generator itself was late)
 * @param endNanos      when its answer ended
 * @param succeeded     a successful tool result
 * @param provider      the upstream that answered ({@code _meta["dev.detour/route"].upstream}), null when none did
 * @param attempts      the upstream tool calls Detour made for it (the route summary's {@code steps}), -1 when unknown
 * @param failure       for a failed call, its SERF category or how the exchange failed; null otherwise
 */
record CallRecord(long intendedNanos, long sentNanos, long endNanos, boolean succeeded, String provider, int attempts, String failure) {

    /** Reads what the answer says about the route. */
    static CallRecord of(long intended, long sent, long end, CallAnswer answer) {
        JsonObject response = answer.response();
        JsonObject result = response == null ? null : response.getJsonObject("result");
        if (result == null) {
            String failure = response != null && response.containsKey("error") ? "JSON-RPC " + response.getJsonObject("error").getValue("code")
                    : answer.status() == 0 ? "no answer" : "HTTP " + answer.status();
            return new CallRecord(intended, sent, end, false, null, -1, failure);
        }
        JsonObject meta = result.getJsonObject("_meta");
        JsonObject route = meta == null ? null : meta.getJsonObject("dev.detour/route");
        String provider = route == null ? null : route.getString("upstream");
        JsonArray steps = route == null ? null : route.getJsonArray("steps");
        boolean failed = result.getBoolean("isError", false);
        String failure = null;
        if (failed) {
            JsonObject serf = result.getJsonObject("structuredContent");
            failure = serf == null ? "isError" : serf.getString("category", "isError");
        }
        return new CallRecord(intended, sent, end, !failed, failed ? null : provider, steps == null ? -1 : steps.size(), failure);
    }

    /** Latency from the intended send, nanoseconds. */
    long latencyNanos() {
        return endNanos - intendedNanos;
    }
}
