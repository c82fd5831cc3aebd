package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.identity.Principal;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.policy.CallGuard;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Tools Detour serves itself on top of the proxied ones (the healing tools of {@code detour serve}),
 * and which upstream tools, resources and prompts the agent still sees as they are. The proxy asks it on every
 * {@code tools/list} and {@code tools/call}, so what it answers may change while sessions are open
 * (hot reload). Called on the endpoint's event loop; must not block.
 */
public interface ToolOverlay {

    /** No tools of its own, every upstream tool passes through: plain {@code detour proxy}. */
    ToolOverlay NONE = new ToolOverlay() {
        @Override
        public List<ObjectNode> tools() {
            return List.of();
        }

        @Override
        public boolean exposes(String upstream, String tool) {
            return true;
        }

        @Override
        public Optional<Future<ObjectNode>> call(String name, ObjectNode params, CallContext call) {
            return Optional.empty();
        }

        @Override
        public boolean forwardsResources() {
            return true;
        }

        @Override
        public boolean forwardsPrompts() {
            return true;
        }
    };

    /** The MCP {@code Tool} objects listed before the upstream tools; their names win a collision. */
    List<ObjectNode> tools();

    /** True when {@code name} is one of {@link #tools()}: cheaper than listing them. */
    default boolean serves(String name) {
        return tools().stream().anyMatch(t -> name.equals(t.path("name").asText()));
    }

    /** True when the upstream tool {@code tool} of {@code upstream} is listed and callable as it is. */
    boolean exposes(String upstream, String tool);

    /**
     * Handles a {@code tools/call} for one of {@link #tools()}.
     *
     * @param params the request's {@code params}, untouched
     * @param call   the request's way back to the client while it runs
     * @return empty when {@code name} is not one of its tools; else the {@code CallToolResult}, completing
     *     on the caller's event loop. It fails only with a {@link JsonRpcException} for a protocol fault,
     *     or after {@link CallContext#cancellation()}.
     */
    Optional<Future<ObjectNode>> call(String name, ObjectNode params, CallContext call);

    /** What the proxy offers one overlay tool call while it runs. Used on the endpoint's event loop. */
    interface CallContext {

        /**
         * Completes when the client withdraws the request ({@code notifications/cancelled}, or a
         * stateless client gone): stop the work; the result may then fail.
         */
        Future<Void> cancellation();

        /** Who called: healing tools route only through the providers this principal may use. */
        Principal principal();

        /** True when the client asked for progress (its request carried a {@code progressToken}). */
        boolean wantsProgress();

        /**
         * Sends the client a {@code notifications/progress} for the request, with {@code message} and a
         * count that grows by one each time; nothing when it did not ask or the call has ended.
         */
        void progress(String message);
    }

    /** False when the upstreams' resources and resource templates are hidden from the agent. */
    boolean forwardsResources();

    /** False when the upstreams' prompts are hidden from the agent. */
    boolean forwardsPrompts();

    /**
     * The identity checks of the current config: what each principal may list and call, its limits,
     * the audit log, and which upstreams receive the caller's identity. None by default.
     */
    default CallGuard guard() {
        return CallGuard.NONE;
    }

    /**
     * Releases what the overlay's tools call through. The proxy calls it once, on shutdown, after
     * every agent session has closed; nothing by default.
     */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
