package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.upstream.UpstreamClient;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests an upstream sends the client — sampling, elicitation, roots — relayed under ids of the
 * session's own, since several upstreams number theirs independently. The client's answer goes back
 * to the upstream that asked, under that upstream's id, and so does the client's progress on such a
 * request; an upstream withdrawing one reaches the client under the relayed id. Confined to the
 * session's event loop.
 */
final class ServerRequestRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRequestRelay.class);

    /** A server-to-client request relayed downstream, awaiting the client's answer. */
    private record Relayed(UpstreamClient upstream, JsonNode upstreamId, String tokenKey) {}

    private final boolean stateless;
    private final ForwardedRequests streams;
    private final Map<Long, Relayed> relayed = new HashMap<>();
    private final Map<String, UpstreamClient> byToken = new HashMap<>();
    private long nextId = 1;

    /**
     * @param stateless the client is a 2026-07-28 one, which cannot be sent requests
     * @param streams   the streams to the client that relayed messages go out on
     */
    ServerRequestRelay(boolean stateless, ForwardedRequests streams) {
        this.stateless = stateless;
        this.streams = streams;
    }

    /**
     * Relays {@code request} from {@code from} to the client; the upstream gets an error at once when
     * it cannot be relayed.
     */
    void relay(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId) {
        JsonNode upstreamId = request.get("id");
        if (stateless) {
            refuseForStatelessClient(from, request, relatedRequestId);
            return;
        }
        long downstreamId = nextId++;
        JsonNode token = request.path("params").path("_meta").get("progressToken");
        String tokenKey = token == null ? null : JsonRpc.key(token);
        if (tokenKey != null) {
            byToken.put(tokenKey, from);
        }
        relayed.put(downstreamId, new Relayed(from, upstreamId, tokenKey));
        request.set("id", LongNode.valueOf(downstreamId));
        if (!streams.deliver(from, request, relatedRequestId)) {
            forget(downstreamId);
            from.respond(upstreamId, errorAnswer(JsonRpcException.INTERNAL_ERROR,
                    "Detour has no open stream to the client to relay " + JsonRpc.method(request)));
        }
    }

    /**
     * A session-era upstream asks a 2026-07-28 client something mid-call. The client cannot be asked
     * (2026-07-28 has no server-to-client requests): the upstream is refused, and the client's call
     * ends with {@code -32021} when it did not declare the capability the question needs (basic/index
     * "Per-request protocol fields"), else with an error naming the gap.
     */
    private void refuseForStatelessClient(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId) {
        String method = JsonRpc.method(request);
        String capability = switch (method) {
            case "sampling/createMessage" -> "sampling";
            case "elicitation/create" -> "elicitation";
            case "roots/list" -> "roots";
            default -> null;
        };
        from.respond(request.get("id"), errorAnswer(JsonRpcException.METHOD_NOT_FOUND,
                "Detour cannot relay " + method + " to a 2026-07-28 client"));
        if (capability != null && !streams.declares(from, relatedRequestId, capability)) {
            ObjectNode data = JsonRpc.MAPPER.createObjectNode();
            data.putObject("requiredCapabilities").putObject(capability);
            streams.endRelated(from, relatedRequestId, clientId -> JsonRpc.error(clientId,
                    JsonRpcException.MISSING_REQUIRED_CLIENT_CAPABILITY, "MissingRequiredClientCapability: upstream '"
                            + from.name() + "' needs the client capability '" + capability + "' for this call", data),
                    "the client lacks the '" + capability + "' capability");
        } else {
            streams.endRelated(from, relatedRequestId, clientId -> JsonRpc.error(clientId, JsonRpcException.INTERNAL_ERROR,
                    "Upstream '" + from.name() + "' speaks a session revision and sent " + method + " during this call; "
                            + "Detour does not turn a server-to-client request into an InputRequiredResult (MRTR) yet. "
                            + "Call it over a 2025-11-25 session, or use a 2026-07-28 upstream.", null),
                    "Detour could not relay " + method + " to the 2026-07-28 client");
        }
    }

    /** The client's answer to a relayed request, sent back to the upstream that asked. */
    void answer(ObjectNode response) {
        JsonNode id = response.get("id");
        Relayed origin = id != null && id.isIntegralNumber() ? forget(id.longValue()) : null;
        if (origin == null) {
            LOG.debug("dropped a client response to an unknown request {}", id);
            return;
        }
        ObjectNode answer = JsonRpc.MAPPER.createObjectNode();
        if (response.has("result")) {
            answer.set("result", response.get("result"));
        } else {
            answer.set("error", response.get("error"));
        }
        origin.upstream().respond(origin.upstreamId(), answer);
    }

    /** The client's {@code notifications/progress} on a relayed request, for the upstream that asked. */
    void progress(ObjectNode params) {
        UpstreamClient owner = byToken.get(JsonRpc.key(params.get("progressToken")));
        if (owner != null) {
            owner.notify("notifications/progress", params);
        }
    }

    /** {@code from} withdrew a request it sent the client: the client hears so under the relayed id. */
    void cancelled(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId) {
        ObjectNode params = JsonRpc.params(notification);
        JsonNode upstreamId = params.get("requestId");
        Long downstreamId = null;
        for (Map.Entry<Long, Relayed> entry : relayed.entrySet()) {
            if (entry.getValue().upstream() == from && entry.getValue().upstreamId().equals(upstreamId)) {
                downstreamId = entry.getKey();
            }
        }
        if (downstreamId != null) {
            forget(downstreamId);
            params.put("requestId", downstreamId);
            streams.deliver(from, notification, relatedRequestId);
        }
    }

    private Relayed forget(long downstreamId) {
        Relayed dropped = relayed.remove(downstreamId);
        if (dropped != null && dropped.tokenKey() != null) {
            byToken.remove(dropped.tokenKey());
        }
        return dropped;
    }

    private static ObjectNode errorAnswer(int code, String message) {
        ObjectNode answer = JsonRpc.MAPPER.createObjectNode();
        answer.putObject("error").put("code", code).put("message", message);
        return answer;
    }
}
