package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.graphs.trace.RouteLines;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.spi.RouteListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an agent that asked for progress (a {@code progressToken} on its {@code tools/call}) what its
 * healing call is doing: each step's answer or failure, each reroute or demotion, and the progress
 * notifications the upstream sends for the step in flight — one short line each, the events worded by
 * {@link RouteLines#progress}. Calls are told apart by their trace id; a call nobody listens to costs
 * a map lookup per event. Thread-safe; listeners are called on whatever thread the event happens on.
 */
public final class ProgressRelay implements RouteListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressRelay.class);

    private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();

    /** From now on, what happens in the call traced {@code traceId} goes to {@code listener}. */
    void open(String traceId, Consumer<String> listener) {
        listeners.put(traceId, listener);
    }

    /** The call traced {@code traceId} ended: nothing more goes to its listener. */
    void close(String traceId) {
        listeners.remove(traceId);
    }

    /** A {@code notifications/progress} the upstream sent for a step of the call traced {@code traceId}. */
    void upstreamProgress(String traceId, String tool, JsonNode params) {
        Consumer<String> listener = traceId == null ? null : listeners.get(traceId);
        if (listener == null) {
            return;
        }
        String message = params.path("message").asText("");
        if (message.isEmpty()) {
            message = "progress " + params.path("progress").asText("?") + (params.has("total") ? "/" + params.path("total").asText() : "");
        }
        tell(listener, tool + ": " + message);
    }

    @Override
    public void onEvent(RouteEvent event) {
        Consumer<String> listener = listeners.get(event.traceId());
        if (listener == null) {
            return;
        }
        RouteLines.progress(event).ifPresent(line -> tell(listener, line));
    }

    private static void tell(Consumer<String> listener, String line) {
        try {
            listener.accept(line);
        } catch (RuntimeException e) {
            // a listener that fails must not break the route; the agent merely misses a progress line
            LOG.debug("a progress listener failed", e);
        }
    }
}
