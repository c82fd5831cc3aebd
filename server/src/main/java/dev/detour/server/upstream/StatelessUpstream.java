package dev.detour.server.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.ProtocolRevision;
import dev.detour.server.mcp.StatelessRequests;

/**
 * How Detour speaks 2026-07-28 to an upstream that serves it: the {@code server/discover} probe a
 * dual-era client sends first (versioning "Backward Compatibility with Initialization-Based
 * Versions"), what its answer says, and the per-request {@code _meta} every request must carry.
 * Pure functions over JSON trees; thread-safe.
 */
final class StatelessUpstream {

    private StatelessUpstream() {}

    /**
     * The {@code _meta} of Detour's own requests to a stateless upstream, made from the
     * {@code initialize} params it would otherwise have sent: the same capabilities and identity.
     */
    static ObjectNode metaFrom(ObjectNode initializeParams) {
        ObjectNode meta = JsonRpc.MAPPER.createObjectNode().put(ProtocolRevision.META_PROTOCOL_VERSION,
                ProtocolRevision.V2026_07_28.wireName());
        JsonNode capabilities = initializeParams.get("capabilities");
        meta.set(StatelessRequests.META_CLIENT_CAPABILITIES,
                capabilities instanceof ObjectNode ? capabilities.deepCopy() : JsonRpc.MAPPER.createObjectNode());
        JsonNode clientInfo = initializeParams.get("clientInfo");
        if (clientInfo instanceof ObjectNode) {
            meta.set(StatelessRequests.META_CLIENT_INFO, clientInfo.deepCopy());
        }
        return meta;
    }

    /** The params of the {@code server/discover} probe. */
    static ObjectNode discoverParams(ObjectNode meta) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        params.set("_meta", meta.deepCopy());
        return params;
    }

    /** True when a {@code server/discover} answer comes from a server that serves 2026-07-28. */
    static boolean servesStateless(ObjectNode response) {
        JsonNode versions = response.path("result").path("supportedVersions");
        for (JsonNode version : versions) {
            if (ProtocolRevision.V2026_07_28.wireName().equals(version.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The upstream's {@code DiscoverResult} in the shape of an {@code InitializeResult}, so the proxy
     * reads capabilities, identity and instructions the same way from either era.
     */
    static ObjectNode asInitializeResult(ObjectNode discoverResult) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", ProtocolRevision.V2026_07_28.wireName());
        JsonNode capabilities = discoverResult.get("capabilities");
        result.set("capabilities", capabilities instanceof ObjectNode ? capabilities : JsonRpc.MAPPER.createObjectNode());
        JsonNode serverInfo = discoverResult.path("_meta").get(StatelessRequests.META_SERVER_INFO);
        if (serverInfo == null) {
            serverInfo = discoverResult.get("serverInfo");
        }
        if (serverInfo instanceof ObjectNode) {
            result.set("serverInfo", serverInfo);
        }
        if (discoverResult.hasNonNull("instructions")) {
            result.set("instructions", discoverResult.get("instructions"));
        }
        return result;
    }

    /**
     * {@code params} with the per-request fields a stateless request must carry: the client's own when
     * it sent them (forwarded requests, untouched), Detour's otherwise (its own list and lookup requests).
     */
    static ObjectNode withMeta(ObjectNode params, ObjectNode defaults) {
        ObjectNode withMeta = params == null ? JsonRpc.MAPPER.createObjectNode() : params;
        JsonNode meta = withMeta.get("_meta");
        ObjectNode target = meta instanceof ObjectNode object ? object : withMeta.putObject("_meta");
        if (target.has(ProtocolRevision.META_PROTOCOL_VERSION)) {
            return withMeta;
        }
        defaults.properties().forEach(field -> {
            if (!target.has(field.getKey())) {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return withMeta;
    }
}
