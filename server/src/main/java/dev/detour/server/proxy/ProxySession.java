package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.McpExchange;
import dev.detour.server.mcp.McpSession;
import dev.detour.server.policy.Access;
import dev.detour.server.upstream.UpstreamClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One downstream session forwarded to its own upstream sessions (one per upstream), message by
 * message, as raw JSON: this class decides where each message goes.
 *
 * <p>What Detour changes on the way, and nothing else: request ids (its own upstream, the client's
 * downstream), progress tokens (re-tagged back to the caller's), tool and prompt names when the
 * {@link NamePolicy} prefixes them, and merged lists when there are several upstreams. Messages the
 * upstream ties to a request (on that request's response stream) go back on the stream of the
 * downstream request that caused it; server-to-client requests are answered by the session that
 * caused them, because each downstream session has its own upstream sessions. An upstream that fails
 * a {@code tools/call} yields an {@code isError} result carrying a SERF object; for other methods a
 * JSON-RPC {@code -32603} error with the SERF object as {@code data}. Confined to the endpoint's event
 * loop.
 *
 * <p>The parts: {@link ForwardedRequests} (the client's requests upstream), {@link ServerRequestRelay}
 * (the upstreams' requests to the client), {@link MergedCatalogs} (lists and who owns a name),
 * {@link OwnToolCalls} (the overlay's tools) and {@link FailureReplies} (what a failure becomes).
 */
final class ProxySession implements McpSession, UpstreamClient.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySession.class);

    /** What a session without any upstream still answers: Detour's own tools. */
    private static final Set<String> WITHOUT_UPSTREAMS = Set.of("ping", "tools/list", "tools/call", "initialize");

    /** Where messages go that belong to no request. */
    interface Unrelated {
        boolean send(ObjectNode message);
    }

    private final List<UpstreamClient> upstreams;
    private final Unrelated unrelated;
    private final ToolOverlay overlay;
    /** One upstream, no renaming and no overlay: every request goes through untouched, pagination included. */
    private final boolean passThrough;
    private final MergedCatalogs catalogs;
    private final ForwardedRequests forwards;
    private final ServerRequestRelay relay;
    private final OwnToolCalls ownCalls;
    private final boolean stateless;
    private final ListenStreams listens;
    private final TaskOwners tasks = new TaskOwners();
    private Runnable onClosed = () -> { };

    /**
     * @param upstreams one connected client per upstream, in priority order
     * @param unrelated the session's streams for messages tied to no request
     * @param stateless serve 2026-07-28 requests (no server-to-client requests, cancel on disconnect)
     * @param overlay   Detour's own tools and the filter on upstream tools
     */
    ProxySession(List<UpstreamClient> upstreams, NamePolicy policy, Unrelated unrelated, boolean stateless, ToolOverlay overlay) {
        this.upstreams = List.copyOf(upstreams);
        this.unrelated = unrelated;
        this.overlay = overlay;
        // With an overlay, lists are merged even from one upstream, so its tools and filter apply.
        this.passThrough = upstreams.size() == 1 && policy != NamePolicy.ALWAYS && overlay == ToolOverlay.NONE;
        this.catalogs = new MergedCatalogs(this.upstreams, policy, overlay);
        this.forwards = new ForwardedRequests(this.upstreams, stateless, unrelated, tasks);
        this.relay = new ServerRequestRelay(stateless, forwards);
        this.ownCalls = new OwnToolCalls(overlay, stateless);
        this.stateless = stateless;
        this.listens = new ListenStreams(this.upstreams, catalogs);
    }

    @Override
    public void onRequest(ObjectNode request, McpExchange exchange) {
        String method = JsonRpc.method(request);
        JsonNode id = request.get("id");
        if (upstreams.isEmpty() && !WITHOUT_UPSTREAMS.contains(method)) {
            exchange.reply(JsonRpc.error(id, JsonRpcException.METHOD_NOT_FOUND,
                    "Method not found: '" + method + "' (no upstream was reachable when this session started)", null));
            return;
        }
        overlay.guard().sanitize(request);
        if (hiddenByOverlay(request, exchange)) {
            return;
        }
        switch (method) {
            case "ping" -> exchange.reply(JsonRpc.result(id, JsonRpc.MAPPER.createObjectNode()));
            case "initialize" -> exchange.reply(JsonRpc.error(id, JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: this session is already initialized", null));
            case "subscriptions/listen" -> {
                if (stateless) {
                    listens.listen(request, exchange);
                } else {
                    route(method, request, exchange);
                }
            }
            default -> {
                if (passThrough) {
                    forwards.forward(upstreams.get(0), request, exchange);
                } else {
                    route(method, request, exchange);
                }
            }
        }
    }

    /** A request to several upstreams, or through renaming or the overlay. */
    private void route(String method, ObjectNode request, McpExchange exchange) {
        switch (method) {
            case "tools/list" -> list(request, exchange, Catalog.Kind.TOOLS);
            case "prompts/list" -> list(request, exchange, Catalog.Kind.PROMPTS);
            case "resources/list" -> list(request, exchange, Catalog.Kind.RESOURCES);
            case "resources/templates/list" -> list(request, exchange, Catalog.Kind.RESOURCE_TEMPLATES);
            case "tools/call" -> overlay.guard().admit(request, exchange).ifPresent(call -> callTool(request, call));
            case "prompts/get" -> byName(request, exchange, Catalog.Kind.PROMPTS, "prompt");
            case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                    byUri(request.path("params").path("uri").asText(""), request, exchange);
            case "completion/complete" -> completion(request, exchange);
            case "tasks/get", "tasks/update", "tasks/cancel" -> {
                UpstreamClient owner = upstreams.size() == 1 ? upstreams.get(0) : tasks.owner(request);
                if (owner == null) {
                    exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.INVALID_PARAMS,
                            "Invalid params: unknown taskId " + request.path("params").path("taskId"), null));
                } else {
                    forwards.forward(owner, request, exchange);
                }
            }
            case "logging/setLevel" -> {
                if (upstreams.size() == 1) {
                    forwards.forward(upstreams.get(0), request, exchange);
                } else {
                    forwards.forwardToEach(upstreams.stream().filter(u -> InitializeResults.declares(u, "logging")).toList(),
                            request, exchange);
                }
            }
            default -> {
                // Under a policy only the methods it speaks about reach an upstream: deny by default.
                if (upstreams.size() == 1 && overlay.guard().access(exchange.principal()) == Access.ALL) {
                    forwards.forward(upstreams.get(0), request, exchange);
                } else {
                    exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.METHOD_NOT_FOUND,
                            "Method not found: '" + method + "'", null));
                }
            }
        }
    }

    /**
     * Answers requests for resources or prompts the overlay hides as if no upstream had any: empty
     * lists, and for a name or URI the errors an unknown one gets ({@code -32602} for prompts, MCP's
     * {@code -32002} "Resource not found" for resources).
     *
     * @return true when it answered
     */
    private boolean hiddenByOverlay(ObjectNode request, McpExchange exchange) {
        JsonNode id = request.get("id");
        String method = JsonRpc.method(request);
        boolean prompts = overlay.forwardsPrompts();
        boolean resources = overlay.forwardsResources();
        String refType = request.path("params").path("ref").path("type").asText();
        if (!prompts && "prompts/list".equals(method) || !resources && "resources/list".equals(method)
                || !resources && "resources/templates/list".equals(method)) {
            ObjectNode empty = JsonRpc.MAPPER.createObjectNode();
            empty.putArray(switch (method) {
                case "prompts/list" -> "prompts";
                case "resources/list" -> "resources";
                default -> "resourceTemplates";
            });
            exchange.reply(JsonRpc.result(id, empty));
            return true;
        }
        boolean completion = "completion/complete".equals(method);
        JsonNode named = completion ? request.path("params").path("ref") : request.path("params");
        if (!prompts && ("prompts/get".equals(method) || completion && "ref/prompt".equals(refType))) {
            exchange.reply(JsonRpc.error(id, JsonRpcException.INVALID_PARAMS, "Unknown prompt: '" + named.path("name").asText() + "'", null));
            return true;
        }
        if (!resources && (method.startsWith("resources/") || completion && "ref/resource".equals(refType))) {
            exchange.reply(JsonRpc.error(id, JsonRpcException.RESOURCE_NOT_FOUND, "Resource not found: '" + named.path("uri").asText() + "'", null));
            return true;
        }
        return false;
    }

    private void list(ObjectNode request, McpExchange exchange, Catalog.Kind kind) {
        JsonNode id = request.get("id");
        Access access = overlay.guard().access(exchange.principal());
        catalogs.list(kind).map(merged -> VisibleItems.of(kind, merged, access, overlay, catalogs))
                .onComplete(merged -> exchange.reply(merged.succeeded() ? JsonRpc.result(id, merged.result())
                        : FailureReplies.upstreamFailed(kind.listMethod, id, merged.cause())));
    }

    /** A {@code tools/call}: one of Detour's own tools the caller may use, else an upstream tool by name. */
    private void callTool(ObjectNode request, McpExchange exchange) {
        String name = request.path("params").path("name").asText(null);
        if (name != null && overlay.serves(name) && !overlay.guard().access(exchange.principal()).ownTool(name)) {
            overlay.guard().denied(exchange);
            exchange.reply(unknown(request.get("id"), "tool", name));
            return;
        }
        if (!ownCalls.call(request, exchange)) {
            byName(request, exchange, Catalog.Kind.TOOLS, "tool");
        }
    }

    /** What a name nobody serves gets — and, word for word, a name the caller may not use. */
    private static ObjectNode unknown(JsonNode id, String what, String name) {
        return JsonRpc.error(id, JsonRpcException.INVALID_PARAMS, "Unknown " + what + ": '" + name + "'", null);
    }

    private void byName(ObjectNode request, McpExchange exchange, Catalog.Kind kind, String what) {
        String name = request.path("params").path("name").asText(null);
        if (name == null) {
            exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.INVALID_PARAMS,
                    "Invalid params: 'params.name' is required", null));
            return;
        }
        toOwner(request, exchange, kind, what, JsonRpc.params(request), name);
    }

    private void byUri(String uri, ObjectNode request, McpExchange exchange) {
        if (!overlay.guard().access(exchange.principal()).resource(uri)) {
            overlay.guard().denied(exchange);
            exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.RESOURCE_NOT_FOUND, "Resource not found: '" + uri + "'", null));
            return;
        }
        catalogs.resourceOwner(uri).onComplete(owner -> {
            overlay.guard().forwarding(exchange, owner.result().name(), uri, JsonRpc.params(request));
            forwards.forward(owner.result(), request, exchange);
        });
    }

    private void completion(ObjectNode request, McpExchange exchange) {
        JsonNode ref = request.path("params").path("ref");
        if ("ref/prompt".equals(ref.path("type").asText())) {
            toOwner(request, exchange, Catalog.Kind.PROMPTS, "prompt", (ObjectNode) ref, ref.path("name").asText());
        } else {
            byUri(ref.path("uri").asText(""), request, exchange);
        }
    }

    /** Forwards to the upstream behind the exposed {@code name}, renamed in {@code named} to its original name. */
    private void toOwner(ObjectNode request, McpExchange exchange, Catalog.Kind kind, String what, ObjectNode named, String name) {
        catalogs.resolve(kind, name).onComplete(found -> {
            Catalog.Target target = found.succeeded() ? found.result() : null;
            if (target != null && !VisibleItems.permits(kind, target, overlay.guard().access(exchange.principal()))) {
                overlay.guard().denied(exchange);
                target = null;
            }
            if (target == null) {
                exchange.reply(unknown(request.get("id"), what, name));
                return;
            }
            named.put("name", target.original());
            overlay.guard().forwarding(exchange, target.upstream().name(), target.original(), JsonRpc.params(request));
            forwards.forward(target.upstream(), request, exchange);
        });
    }

    @Override
    public void onNotification(ObjectNode notification) {
        String method = JsonRpc.method(notification);
        ObjectNode params = JsonRpc.params(notification);
        switch (method) {
            case "notifications/initialized" -> { }
            case "notifications/cancelled" -> {
                if (!ownCalls.cancel(params.get("requestId"))) {
                    forwards.cancel(params.get("requestId"), params.path("reason").asText("cancelled by the client"));
                }
            }
            case "notifications/progress" -> relay.progress(params);
            default -> upstreams.forEach(u -> u.notify(method, params.deepCopy()));
        }
    }

    @Override
    public void onResponse(ObjectNode response) {
        relay.answer(response);
    }

    /** Runs {@code action} once the session closes. */
    void whenClosed(Runnable action) {
        this.onClosed = action;
    }

    @Override
    public Future<Void> close() {
        onClosed.run();
        listens.closeAll();
        List<Future<Void>> closing = new ArrayList<>();
        upstreams.forEach(u -> closing.add(u.close()));
        return Future.join(closing).mapEmpty();
    }

    // ---- upstream → downstream -------------------------------------------------------------------

    @Override
    public void onServerRequest(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId) {
        relay.relay(from, request, relatedRequestId);
    }

    @Override
    public void onNotification(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId) {
        // Relayed with a params object, empty if the upstream sent none, as Detour always has.
        JsonRpc.params(notification);
        if (stateless && listens.fromUpstreamListen(from, notification, relatedRequestId)) {
            Catalog.Kind changed = Catalog.Kind.changedBy(JsonRpc.method(notification));
            if (changed != null) {
                catalogs.invalidate(changed);
            }
            return;
        }
        switch (JsonRpc.method(notification)) {
            case "notifications/progress" -> forwards.progress(notification);
            case "notifications/cancelled" -> relay.cancelled(from, notification, relatedRequestId);
            case "notifications/tools/list_changed" -> listChanged(Catalog.Kind.TOOLS, notification);
            case "notifications/prompts/list_changed" -> listChanged(Catalog.Kind.PROMPTS, notification);
            case "notifications/resources/list_changed" -> listChanged(Catalog.Kind.RESOURCES, notification);
            case "notifications/resources/updated" -> {
                if (stateless) {
                    listens.fromSession(notification);
                } else {
                    forwards.deliver(from, notification, relatedRequestId);
                }
            }
            default -> forwards.deliver(from, notification, relatedRequestId);
        }
    }

    @Override
    public void onResponseStream(UpstreamClient from, long upstreamId) {
        forwards.openStream(from, upstreamId);
    }

    private void listChanged(Catalog.Kind kind, ObjectNode notification) {
        catalogs.invalidate(kind);
        if (stateless) {
            listens.fromSession(notification);
        } else if (!unrelated.send(notification)) {
            LOG.debug("no open stream for {}", JsonRpc.method(notification));
        }
    }
}
