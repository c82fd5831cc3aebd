package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.McpExchange;
import dev.detour.server.mcp.McpSession;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One downstream session forwarded to its own upstream sessions (one per upstream), message by
 * message, as raw JSON.
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
 */
final class ProxySession implements McpSession, UpstreamClient.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySession.class);

    /** A downstream request forwarded upstream, awaiting its answer. */
    private static final class Forward {
        final UpstreamClient upstream;
        final McpExchange exchange;
        final JsonNode clientId;
        final JsonNode clientToken;
        UpstreamClient.Call call;
        boolean cancelled;

        Forward(UpstreamClient upstream, McpExchange exchange, JsonNode clientId, JsonNode clientToken) {
            this.upstream = upstream;
            this.exchange = exchange;
            this.clientId = clientId;
            this.clientToken = clientToken;
        }
    }

    /** A server-to-client request relayed downstream, awaiting the client's answer. */
    private record Relayed(UpstreamClient upstream, JsonNode upstreamId, String tokenKey) {}

    /** Where messages go that belong to no request. */
    interface Unrelated {
        boolean send(ObjectNode message);
    }

    private final List<UpstreamClient> upstreams;
    private final NamePolicy policy;
    private final Unrelated unrelated;
    private final boolean stateless;
    private final ToolOverlay overlay;
    private final MergedCatalogs catalogs;
    private final OwnToolCalls ownCalls;
    private final Map<String, Forward> byClientId = new HashMap<>();
    private final Map<UpstreamClient, Map<Long, Forward>> byUpstreamId = new HashMap<>();
    private final Map<String, Forward> byToken = new HashMap<>();
    private final Map<Long, Relayed> relayed = new HashMap<>();
    private final Map<String, UpstreamClient> relayedTokens = new HashMap<>();
    private Runnable onClosed = () -> { };
    private long nextToken = 1;
    private long nextRelayId = 1;

    /**
     * @param upstreams one client per upstream, not yet connected, in priority order
     * @param unrelated the session's streams for messages tied to no request
     * @param stateless serve 2026-07-28 requests (no server-to-client requests, cancel on disconnect)
     * @param overlay   Detour's own tools and the filter on upstream tools
     */
    ProxySession(List<UpstreamClient> upstreams, NamePolicy policy, Unrelated unrelated, boolean stateless, ToolOverlay overlay) {
        this.upstreams = List.copyOf(upstreams);
        this.policy = policy;
        this.unrelated = unrelated;
        this.stateless = stateless;
        this.overlay = overlay;
        this.catalogs = new MergedCatalogs(this.upstreams, policy, overlay);
        this.ownCalls = new OwnToolCalls(overlay, stateless);
        upstreams.forEach(u -> byUpstreamId.put(u, new HashMap<>()));
    }

    /**
     * Connects every upstream with the client's own {@code initialize} params; succeeds when at least
     * one upstream is up (the others are closed and left out), or with none when {@code noneIsEnough}.
     *
     * @param noneIsEnough the session is useful without upstreams (Detour serves tools of its own)
     * @return the upstreams that connected, with their {@code InitializeResult}s
     */
    static Future<Map<UpstreamClient, ObjectNode>> connectAll(List<UpstreamClient> clients, ObjectNode params, boolean noneIsEnough) {
        List<Future<ObjectNode>> connecting = new ArrayList<>();
        for (UpstreamClient client : clients) {
            connecting.add(client.connect(params.deepCopy()));
        }
        Promise<Map<UpstreamClient, ObjectNode>> done = Promise.promise();
        Future.join(connecting).onComplete(all -> {
            Map<UpstreamClient, ObjectNode> up = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                if (connecting.get(i).succeeded()) {
                    up.put(clients.get(i), connecting.get(i).result());
                } else {
                    failures.add(UpstreamFailures.message(connecting.get(i).cause()));
                    clients.get(i).close();
                }
            }
            if (up.isEmpty() && !noneIsEnough) {
                done.fail(String.join("; ", failures));
            } else {
                failures.forEach(f -> LOG.warn("left out of the session: {}", f));
                done.complete(up);
            }
        });
        return done.future();
    }

    /** What a session without any upstream still answers: Detour's own tools. */
    private static final Set<String> WITHOUT_UPSTREAMS = Set.of("ping", "tools/list", "tools/call", "initialize");

    @Override
    public void onRequest(ObjectNode request, McpExchange exchange) {
        String method = JsonRpc.method(request);
        if (upstreams.isEmpty() && !WITHOUT_UPSTREAMS.contains(method)) {
            exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.METHOD_NOT_FOUND,
                    "Method not found: '" + method + "' (no upstream was reachable when this session started)", null));
            return;
        }
        if (hiddenByOverlay(request, exchange)) {
            return;
        }
        switch (method) {
            case "ping" -> exchange.reply(JsonRpc.result(request.get("id"), JsonRpc.MAPPER.createObjectNode()));
            case "tools/list" -> list(request, exchange, Catalog.Kind.TOOLS);
            case "prompts/list" -> list(request, exchange, Catalog.Kind.PROMPTS);
            case "resources/list" -> list(request, exchange, Catalog.Kind.RESOURCES);
            case "resources/templates/list" -> list(request, exchange, Catalog.Kind.RESOURCE_TEMPLATES);
            case "tools/call" -> callTool(request, exchange);
            case "prompts/get" -> byName(request, exchange, Catalog.Kind.PROMPTS, "prompt");
            case "resources/read", "resources/subscribe", "resources/unsubscribe" -> byUri(request, exchange);
            case "completion/complete" -> completion(request, exchange);
            case "logging/setLevel" -> fanOut(request, exchange, u -> InitializeResults.declares(u, "logging"));
            case "initialize" -> exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: this session is already initialized", null));
            default -> {
                if (upstreams.size() == 1) {
                    forward(upstreams.get(0), request, exchange, null);
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

    @Override
    public void onNotification(ObjectNode notification) {
        String method = JsonRpc.method(notification);
        ObjectNode params = JsonRpc.params(notification);
        switch (method) {
            case "notifications/initialized" -> { }
            case "notifications/cancelled" -> {
                if (ownCalls.cancel(params.get("requestId"))) {
                    return;
                }
                Forward forward = byClientId.get(JsonRpc.key(params.get("requestId")));
                if (forward != null && forward.call != null) {
                    forward.cancelled = true;
                    forward.upstream.cancel(forward.call, params.path("reason").asText("cancelled by the client"));
                }
            }
            case "notifications/progress" -> {
                UpstreamClient owner = relayedTokens.get(JsonRpc.key(params.get("progressToken")));
                if (owner != null) {
                    owner.notify(method, params);
                }
            }
            default -> upstreams.forEach(u -> u.notify(method, params.deepCopy()));
        }
    }

    @Override
    public void onResponse(ObjectNode response) {
        JsonNode id = response.get("id");
        Relayed origin = id != null && id.isIntegralNumber() ? relayed.remove(id.longValue()) : null;
        if (origin == null) {
            LOG.debug("dropped a client response to an unknown request {}", id);
            return;
        }
        if (origin.tokenKey() != null) {
            relayedTokens.remove(origin.tokenKey());
        }
        ObjectNode answer = JsonRpc.MAPPER.createObjectNode();
        if (response.has("result")) {
            answer.set("result", response.get("result"));
        } else {
            answer.set("error", response.get("error"));
        }
        origin.upstream().respond(origin.upstreamId(), answer);
    }

    /** Runs {@code action} once the session closes. */
    void whenClosed(Runnable action) {
        this.onClosed = action;
    }

    @Override
    public Future<Void> close() {
        onClosed.run();
        List<Future<Void>> closing = new ArrayList<>();
        upstreams.forEach(u -> closing.add(u.close()));
        return Future.join(closing).mapEmpty();
    }

    // ---- upstream → downstream -------------------------------------------------------------------

    @Override
    public void onServerRequest(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId) {
        JsonNode upstreamId = request.get("id");
        if (stateless) {
            from.respond(upstreamId, errorAnswer(JsonRpcException.METHOD_NOT_FOUND,
                    "Detour cannot relay " + JsonRpc.method(request) + " to a 2026-07-28 client"));
            return;
        }
        long downstreamId = nextRelayId++;
        JsonNode token = request.path("params").path("_meta").get("progressToken");
        String tokenKey = token == null ? null : JsonRpc.key(token);
        if (tokenKey != null) {
            relayedTokens.put(tokenKey, from);
        }
        relayed.put(downstreamId, new Relayed(from, upstreamId, tokenKey));
        request.set("id", LongNode.valueOf(downstreamId));
        if (!deliver(from, request, relatedRequestId)) {
            relayed.remove(downstreamId);
            if (tokenKey != null) {
                relayedTokens.remove(tokenKey);
            }
            from.respond(upstreamId, errorAnswer(JsonRpcException.INTERNAL_ERROR,
                    "Detour has no open stream to the client to relay " + JsonRpc.method(request)));
        }
    }

    @Override
    public void onNotification(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId) {
        String method = JsonRpc.method(notification);
        ObjectNode params = JsonRpc.params(notification);
        switch (method) {
            case "notifications/progress" -> {
                Forward forward = byToken.get(JsonRpc.key(params.get("progressToken")));
                if (forward != null) {
                    params.set("progressToken", forward.clientToken);
                    forward.exchange.send(notification);
                }
            }
            case "notifications/cancelled" -> {
                JsonNode upstreamId = params.get("requestId");
                Long downstreamId = null;
                for (Map.Entry<Long, Relayed> entry : relayed.entrySet()) {
                    if (entry.getValue().upstream() == from && entry.getValue().upstreamId().equals(upstreamId)) {
                        downstreamId = entry.getKey();
                    }
                }
                if (downstreamId != null) {
                    Relayed dropped = relayed.remove(downstreamId);
                    if (dropped.tokenKey() != null) {
                        relayedTokens.remove(dropped.tokenKey());
                    }
                    params.put("requestId", downstreamId);
                    deliver(from, notification, relatedRequestId);
                }
            }
            case "notifications/tools/list_changed" -> listChanged(Catalog.Kind.TOOLS, notification);
            case "notifications/prompts/list_changed" -> listChanged(Catalog.Kind.PROMPTS, notification);
            case "notifications/resources/list_changed" -> listChanged(Catalog.Kind.RESOURCES, notification);
            default -> deliver(from, notification, relatedRequestId);
        }
    }

    @Override
    public void onResponseStream(UpstreamClient from, long upstreamId) {
        Forward forward = byUpstreamId.get(from).get(upstreamId);
        if (forward != null) {
            forward.exchange.openStream();
        }
    }

    private void listChanged(Catalog.Kind kind, ObjectNode notification) {
        catalogs.invalidate(kind);
        if (!unrelated.send(notification)) {
            LOG.debug("no open stream for {}", JsonRpc.method(notification));
        }
    }

    /**
     * Sends an upstream-initiated message to the client: on the stream of the request it belongs to
     * when known, else on the stream of the latest request in flight to that upstream (stdio cannot
     * say which request a message belongs to), else on the session's standalone stream.
     */
    private boolean deliver(UpstreamClient from, ObjectNode message, JsonNode relatedRequestId) {
        Map<Long, Forward> inFlight = byUpstreamId.get(from);
        Forward related = relatedRequestId != null && relatedRequestId.canConvertToLong()
                ? inFlight.get(relatedRequestId.longValue()) : null;
        if (related != null && related.exchange.send(message)) {
            return true;
        }
        if (relatedRequestId == null) {
            Forward latest = null;
            for (Forward forward : inFlight.values()) {
                if (forward.exchange.isOpen() && (latest == null || forward.call.upstreamId() > latest.call.upstreamId())) {
                    latest = forward;
                }
            }
            if (latest != null && latest.exchange.send(message)) {
                return true;
            }
        }
        return unrelated.send(message);
    }

    // ---- downstream → upstream -------------------------------------------------------------------

    private void forward(UpstreamClient upstream, ObjectNode request, McpExchange exchange,
            UnaryOperator<ObjectNode> adaptResult) {
        JsonNode clientId = request.get("id");
        JsonNode params = request.get("params");
        ObjectNode upstreamParams = params instanceof ObjectNode object ? object : null;
        JsonNode clientToken = upstreamParams == null ? null : upstreamParams.path("_meta").get("progressToken");
        Forward forward = new Forward(upstream, exchange, clientId, clientToken);
        String tokenKey = null;
        if (clientToken != null) {
            long token = nextToken++;
            ((ObjectNode) upstreamParams.get("_meta")).put("progressToken", token);
            tokenKey = Long.toString(token);
            byToken.put(tokenKey, forward);
        }
        String method = JsonRpc.method(request);
        UpstreamClient.Call call = upstream.call(method, upstreamParams);
        forward.call = call;
        String clientKey = JsonRpc.key(clientId);
        byClientId.put(clientKey, forward);
        byUpstreamId.get(upstream).put(call.upstreamId(), forward);
        if (stateless) {
            exchange.onClientGone(() -> upstream.cancel(call, "the client closed the response stream"));
        }
        String finalTokenKey = tokenKey;
        call.response().onComplete(answer -> {
            byClientId.remove(clientKey, forward);
            byUpstreamId.get(upstream).remove(call.upstreamId());
            if (finalTokenKey != null) {
                byToken.remove(finalTokenKey);
            }
            if (!exchange.isOpen()) {
                return;
            }
            if (forward.cancelled) {
                exchange.reply(FailureReplies.cancelledByClient(clientId));
                return;
            }
            if (answer.succeeded()) {
                ObjectNode response = answer.result();
                response.set("id", clientId);
                if (adaptResult != null && response.get("result") instanceof ObjectNode result) {
                    response.set("result", adaptResult.apply(result));
                }
                exchange.reply(response);
            } else {
                exchange.reply(FailureReplies.upstreamFailed(method, clientId, answer.cause()));
            }
        });
    }

    private void list(ObjectNode request, McpExchange exchange, Catalog.Kind kind) {
        if (passThrough()) {
            forward(upstreams.get(0), request, exchange, null);
            return;
        }
        JsonNode id = request.get("id");
        catalogs.list(kind).onComplete(merged -> exchange.reply(merged.succeeded() ? JsonRpc.result(id, merged.result())
                : FailureReplies.upstreamFailed(kind.listMethod, id, merged.cause())));
    }

    /** Detour's own tools first; anything else goes to the upstream that lists it. */
    private void callTool(ObjectNode request, McpExchange exchange) {
        if (!ownCalls.call(request, exchange)) {
            byName(request, exchange, Catalog.Kind.TOOLS, "tool");
        }
    }

    private void byName(ObjectNode request, McpExchange exchange, Catalog.Kind kind, String what) {
        if (passThrough()) {
            forward(upstreams.get(0), request, exchange, null);
            return;
        }
        String name = request.path("params").path("name").asText(null);
        if (name == null) {
            exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.INVALID_PARAMS,
                    "Invalid params: 'params.name' is required", null));
            return;
        }
        catalogs.resolve(kind, name).onComplete(found -> {
            Catalog.Target target = found.succeeded() ? found.result() : null;
            if (target == null) {
                exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.INVALID_PARAMS,
                        "Unknown " + what + ": '" + name + "'", null));
                return;
            }
            JsonRpc.params(request).put("name", target.original());
            forward(target.upstream(), request, exchange, null);
        });
    }

    private void byUri(ObjectNode request, McpExchange exchange) {
        if (passThrough()) {
            forward(upstreams.get(0), request, exchange, null);
            return;
        }
        String uri = request.path("params").path("uri").asText("");
        catalogs.resourceOwner(uri).onComplete(owner -> forward(owner.result(), request, exchange, null));
    }

    private void completion(ObjectNode request, McpExchange exchange) {
        if (passThrough()) {
            forward(upstreams.get(0), request, exchange, null);
            return;
        }
        JsonNode ref = request.path("params").path("ref");
        if ("ref/prompt".equals(ref.path("type").asText())) {
            String name = ref.path("name").asText();
            catalogs.resolve(Catalog.Kind.PROMPTS, name).onComplete(found -> {
                Catalog.Target target = found.succeeded() ? found.result() : null;
                if (target == null) {
                    exchange.reply(JsonRpc.error(request.get("id"), JsonRpcException.INVALID_PARAMS,
                            "Unknown prompt: '" + name + "'", null));
                    return;
                }
                ((ObjectNode) ref).put("name", target.original());
                forward(target.upstream(), request, exchange, null);
            });
        } else {
            catalogs.resourceOwner(ref.path("uri").asText("")).onComplete(owner -> forward(owner.result(), request, exchange, null));
        }
    }

    private void fanOut(ObjectNode request, McpExchange exchange, Predicate<UpstreamClient> which) {
        if (upstreams.size() == 1) {
            forward(upstreams.get(0), request, exchange, null);
            return;
        }
        JsonNode id = request.get("id");
        List<Future<ObjectNode>> answers = new ArrayList<>();
        for (UpstreamClient upstream : upstreams) {
            if (which.test(upstream)) {
                answers.add(upstream.call(JsonRpc.method(request), JsonRpc.params(request).deepCopy()).response());
            }
        }
        if (answers.isEmpty()) {
            exchange.reply(JsonRpc.error(id, JsonRpcException.METHOD_NOT_FOUND,
                    "Method not found: no upstream supports '" + JsonRpc.method(request) + "'", null));
            return;
        }
        Future.join(answers).onComplete(all -> {
            // Success if any upstream accepted; otherwise the first upstream's answer speaks for all.
            for (Future<ObjectNode> answer : answers) {
                if (answer.succeeded() && answer.result().has("result")) {
                    exchange.reply(JsonRpc.result(id, JsonRpc.MAPPER.createObjectNode()));
                    return;
                }
            }
            Future<ObjectNode> first = answers.get(0);
            if (first.succeeded()) {
                ObjectNode response = first.result();
                response.set("id", id);
                exchange.reply(response);
            } else {
                exchange.reply(FailureReplies.upstreamFailed(JsonRpc.method(request), id, first.cause()));
            }
        });
    }

    /**
     * One upstream, no renaming and no overlay: every request goes through untouched, pagination
     * included. With an overlay, lists are merged so its tools and filter apply.
     */
    private boolean passThrough() {
        return upstreams.size() == 1 && policy != NamePolicy.ALWAYS && overlay == ToolOverlay.NONE;
    }

    private static ObjectNode errorAnswer(int code, String message) {
        ObjectNode answer = JsonRpc.MAPPER.createObjectNode();
        answer.putObject("error").put("code", code).put("message", message);
        return answer;
    }
}
