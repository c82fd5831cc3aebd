package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.McpExchange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls of Detour's own tools (the {@link ToolOverlay}'s) in flight, by the client's request id: the
 * client's cancellation reaches them, their progress goes out under the client's token, and their
 * result or failure is the reply. Confined to the session's event loop.
 */
final class OwnToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(OwnToolCalls.class);

    /** One call of an overlay tool: its cancellation, and progress for the client's token, if it sent one. */
    private static final class OwnCall implements ToolOverlay.CallContext {
        final McpExchange exchange;
        final Future<Void> cancellation;
        final JsonNode token;
        long sent;

        OwnCall(McpExchange exchange, Future<Void> cancellation, JsonNode token) {
            this.exchange = exchange;
            this.cancellation = cancellation;
            this.token = token != null && (token.isTextual() || token.isIntegralNumber()) ? token : null;
        }

        @Override
        public dev.detour.server.identity.Principal principal() {
            return exchange.principal();
        }

        @Override
        public Future<Void> cancellation() {
            return cancellation;
        }

        @Override
        public boolean wantsProgress() {
            return token != null;
        }

        @Override
        public void progress(String message) {
            if (token == null || !exchange.isOpen()) {
                return;
            }
            ObjectNode params = JsonRpc.MAPPER.createObjectNode();
            params.set("progressToken", token);
            params.put("progress", ++sent).put("message", message);
            exchange.send(JsonRpc.notification("notifications/progress", params));
        }
    }

    private final ToolOverlay overlay;
    private final boolean stateless;
    /** Completing one cancels its call. */
    private final Map<String, Promise<Void>> inFlight = new HashMap<>();

    /** @param stateless the client is a 2026-07-28 one: closing its response stream cancels the call */
    OwnToolCalls(ToolOverlay overlay, boolean stateless) {
        this.overlay = overlay;
        this.stateless = stateless;
    }

    /**
     * Calls the overlay's tool a {@code tools/call} names; the reply goes on {@code exchange} when it ends.
     *
     * @return false, with nothing answered, when the name is none of the overlay's tools
     */
    boolean call(ObjectNode request, McpExchange exchange) {
        JsonNode id = request.get("id");
        String name = request.path("params").path("name").asText(null);
        Promise<Void> cancellation = Promise.promise();
        JsonNode token = request.path("params").path("_meta").get("progressToken");
        Optional<Future<ObjectNode>> own = name == null ? Optional.empty()
                : overlay.call(name, JsonRpc.params(request), new OwnCall(exchange, cancellation.future(), token));
        if (own.isEmpty()) {
            return false;
        }
        String clientKey = JsonRpc.key(id);
        inFlight.put(clientKey, cancellation);
        if (stateless) {
            exchange.onClientGone(cancellation::tryComplete);
        }
        own.get().onComplete(answer -> {
            inFlight.remove(clientKey, cancellation);
            if (!exchange.isOpen()) {
                return;
            }
            if (cancellation.future().isComplete()) {
                exchange.reply(FailureReplies.cancelledByClient(id));
            } else if (answer.succeeded()) {
                exchange.reply(JsonRpc.result(id, answer.result()));
            } else if (answer.cause() instanceof JsonRpcException fault) {
                exchange.reply(JsonRpc.error(id, fault));
            } else {
                // The overlay fails only with protocol faults: anything else is a bug in Detour.
                LOG.error("tool '{}' failed inside Detour", name, answer.cause());
                exchange.reply(FailureReplies.failed("tools/call", id,
                        ToolError.of(ErrorCategory.INTERNAL, String.valueOf(answer.cause().getMessage()), SideEffects.UNKNOWN)));
            }
        });
        return true;
    }

    /**
     * The client withdrew request {@code clientId}.
     *
     * @return false when it is not one of these calls
     */
    boolean cancel(JsonNode clientId) {
        Promise<Void> cancellation = inFlight.get(JsonRpc.key(clientId));
        if (cancellation == null) {
            return false;
        }
        cancellation.tryComplete();
        return true;
    }
}
