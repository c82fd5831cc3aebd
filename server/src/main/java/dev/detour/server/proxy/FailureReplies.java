package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ToolError;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.upstream.UpstreamFailures;

/**
 * What the client gets when Detour could not get its request answered. A {@code tools/call} gets an
 * {@code isError} result with the SERF object as {@code structuredContent}: a tool failure is a value
 * the agent can act on. Any other method gets JSON-RPC {@code -32603} with the SERF object as {@code
 * data}.
 */
final class FailureReplies {

    private FailureReplies() {
    }

    /** The reply to {@code method} that failed upstream with {@code cause}. */
    static ObjectNode upstreamFailed(String method, JsonNode clientId, Throwable cause) {
        return failed(method, clientId, UpstreamFailures.toolError(cause));
    }

    /** The reply to {@code method} that failed with {@code error}. */
    static ObjectNode failed(String method, JsonNode clientId, ToolError error) {
        ObjectNode serf = JsonRpc.MAPPER.valueToTree(error.toMap());
        if ("tools/call".equals(method)) {
            ObjectNode result = JsonRpc.MAPPER.createObjectNode();
            result.putArray("content").addObject().put("type", "text").put("text", error.message());
            result.set("structuredContent", serf);
            result.put("isError", true);
            return JsonRpc.result(clientId, result);
        }
        return JsonRpc.error(clientId, JsonRpcException.INTERNAL_ERROR, "Upstream failure: " + error.message(), serf);
    }

    /**
     * What a request the client cancelled gets, forwarded or Detour's own: the HTTP exchange still
     * needs an answer to end, though the client will ignore it.
     */
    static ObjectNode cancelledByClient(JsonNode id) {
        return JsonRpc.error(id, JsonRpcException.INTERNAL_ERROR, "Request cancelled by the client", null);
    }
}
