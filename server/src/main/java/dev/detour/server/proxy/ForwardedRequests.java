package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.McpExchange;
import dev.detour.server.mcp.StatelessRequests;
import dev.detour.server.upstream.UpstreamCall;
import dev.detour.server.upstream.UpstreamClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The client's requests forwarded upstream and not answered yet. Each goes out under the upstream
 * client's own request id and, when the client asked for progress, under a progress token of
 * Detour's (two clients' tokens could collide on one upstream); its answer and its progress come back
 * under the client's id and token. Also knows which downstream stream a message an upstream ties to
 * one of these requests goes back on. Confined to the session's event loop.
 */
final class ForwardedRequests {

    /** A downstream request forwarded upstream, awaiting its answer. */
    private static final class Forward {
        final UpstreamClient upstream;
        final McpExchange exchange;
        final JsonNode clientToken;
        final JsonNode clientId;
        final ObjectNode clientCapabilities;
        UpstreamCall call;
        boolean cancelled;

        Forward(UpstreamClient upstream, McpExchange exchange, JsonNode clientToken, JsonNode clientId,
                ObjectNode clientCapabilities) {
            this.upstream = upstream;
            this.exchange = exchange;
            this.clientToken = clientToken;
            this.clientId = clientId;
            this.clientCapabilities = clientCapabilities;
        }
    }

    private final boolean stateless;
    private final ProxySession.Unrelated unrelated;
    private final TaskOwners tasks;
    private final Map<String, Forward> byClientId = new HashMap<>();
    private final Map<UpstreamClient, Map<Long, Forward>> byUpstreamId = new HashMap<>();
    private final Map<String, Forward> byToken = new HashMap<>();
    private long nextToken = 1;

    /**
     * @param stateless the client is a 2026-07-28 one: closing its response stream cancels the request
     * @param unrelated where a message goes that belongs to no request still open
     * @param tasks     learns which upstream owns each task handed out
     */
    ForwardedRequests(List<UpstreamClient> upstreams, boolean stateless, ProxySession.Unrelated unrelated, TaskOwners tasks) {
        this.stateless = stateless;
        this.unrelated = unrelated;
        this.tasks = tasks;
        upstreams.forEach(u -> byUpstreamId.put(u, new HashMap<>()));
    }

    /** Sends {@code request} to {@code upstream}; its answer, or the failure, is the reply on {@code exchange}. */
    void forward(UpstreamClient upstream, ObjectNode request, McpExchange exchange) {
        JsonNode clientId = request.get("id");
        JsonNode params = request.get("params");
        ObjectNode upstreamParams = params instanceof ObjectNode object ? object : null;
        JsonNode clientToken = upstreamParams == null ? null : upstreamParams.path("_meta").get("progressToken");
        Forward forward = new Forward(upstream, exchange, clientToken, clientId,
                stateless ? StatelessRequests.clientCapabilities(request) : null);
        String tokenKey = null;
        if (clientToken != null) {
            long token = nextToken++;
            ((ObjectNode) upstreamParams.get("_meta")).put("progressToken", token);
            tokenKey = Long.toString(token);
            byToken.put(tokenKey, forward);
        }
        String method = JsonRpc.method(request);
        UpstreamCall call = upstream.call(method, upstreamParams);
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
            } else if (answer.succeeded()) {
                ObjectNode response = answer.result();
                tasks.learn(upstream, response);
                response.set("id", clientId);
                exchange.reply(response);
            } else {
                exchange.reply(FailureReplies.upstreamFailed(method, clientId, answer.cause()));
            }
        });
    }

    /**
     * Sends {@code request} to each of {@code upstreams}, untracked (it is answered at once): success
     * if any upstream accepted, otherwise the first upstream's answer speaks for all.
     */
    void forwardToEach(List<UpstreamClient> upstreams, ObjectNode request, McpExchange exchange) {
        JsonNode id = request.get("id");
        if (upstreams.isEmpty()) {
            exchange.reply(JsonRpc.error(id, JsonRpcException.METHOD_NOT_FOUND,
                    "Method not found: no upstream supports '" + JsonRpc.method(request) + "'", null));
            return;
        }
        List<Future<ObjectNode>> answers = new ArrayList<>();
        for (UpstreamClient upstream : upstreams) {
            answers.add(upstream.call(JsonRpc.method(request), JsonRpc.params(request).deepCopy()).response());
        }
        Future.join(answers).onComplete(all -> {
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
     * The client withdrew request {@code clientId}: it is cancelled upstream, and its reply says so.
     * Nothing when it is not one of these requests (any more).
     */
    void cancel(JsonNode clientId, String reason) {
        Forward forward = byClientId.get(JsonRpc.key(clientId));
        if (forward != null && forward.call != null) {
            forward.cancelled = true;
            forward.upstream.cancel(forward.call, reason);
        }
    }

    /**
     * True when the stateless client request that {@code from}'s request {@code relatedRequestId}
     * forwards declared {@code capability} in its {@code _meta}.
     */
    boolean declares(UpstreamClient from, JsonNode relatedRequestId, String capability) {
        Forward forward = related(from, relatedRequestId);
        return forward != null && forward.clientCapabilities != null && forward.clientCapabilities.has(capability);
    }

    /**
     * Ends the client request that {@code from}'s request {@code relatedRequestId} forwards with the
     * reply {@code answer} builds from the client's id, and cancels it upstream.
     */
    void endRelated(UpstreamClient from, JsonNode relatedRequestId, Function<JsonNode, ObjectNode> answer, String reason) {
        Forward forward = related(from, relatedRequestId);
        if (forward != null && forward.exchange.isOpen()) {
            forward.exchange.reply(answer.apply(forward.clientId));
            from.cancel(forward.call, reason);
        }
    }

    private Forward related(UpstreamClient from, JsonNode relatedRequestId) {
        return relatedRequestId != null && relatedRequestId.canConvertToLong()
                ? byUpstreamId.get(from).get(relatedRequestId.longValue()) : null;
    }

    /** An upstream's {@code notifications/progress}: re-tagged with the client's token, on that request's stream. */
    void progress(ObjectNode notification) {
        ObjectNode params = JsonRpc.params(notification);
        Forward forward = byToken.get(JsonRpc.key(params.get("progressToken")));
        if (forward != null) {
            params.set("progressToken", forward.clientToken);
            forward.exchange.send(notification);
        }
    }

    /** The upstream answers request {@code upstreamId} with an SSE stream: so does Detour, to its client. */
    void openStream(UpstreamClient from, long upstreamId) {
        Forward forward = byUpstreamId.get(from).get(upstreamId);
        if (forward != null) {
            forward.exchange.openStream();
        }
    }

    /**
     * Sends an upstream-initiated message to the client: on the stream of the request it belongs to
     * when known, else on the stream of the latest request in flight to that upstream (stdio cannot
     * say which request a message belongs to), else on the session's standalone stream.
     *
     * @return false when no stream took it
     */
    boolean deliver(UpstreamClient from, ObjectNode message, JsonNode relatedRequestId) {
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
}
