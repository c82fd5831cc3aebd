package dev.detour.server.heal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity behind each healing call in flight, by trace id: {@link SharedRouting#route} records
 * it for the call's life, and {@link UpstreamToolInvoker} puts it in {@code _meta} of each step it
 * sends to an upstream that forwards identity. Router-core's calls carry the trace id, not the
 * caller, so this is how the caller reaches the invoker without passing through the router.
 * Thread-safe.
 */
final class CallerIdentities {

    private final Map<String, Map<String, Object>> byTrace = new ConcurrentHashMap<>();

    void open(String traceId, Map<String, Object> identity) {
        byTrace.put(traceId, identity);
    }

    void close(String traceId) {
        byTrace.remove(traceId);
    }

    /** The identity of the call with this trace id, or {@code null}. */
    Map<String, Object> of(String traceId) {
        return traceId == null ? null : byTrace.get(traceId);
    }
}
