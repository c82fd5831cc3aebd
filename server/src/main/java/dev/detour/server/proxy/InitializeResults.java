package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code InitializeResult} Detour answers with. With one upstream it is that upstream's own
 * result, untouched (the endpoint sets only the negotiated {@code protocolVersion}). With several it
 * is a merge: the union of capabilities (a boolean flag is true if any upstream sets it), Detour's
 * {@code serverInfo}, and the upstreams' instructions, each under its upstream's name. Also says
 * what one upstream's result declares, for routing requests to the upstreams that can serve them.
 */
final class InitializeResults {

    private InitializeResults() {}

    static ObjectNode merge(Map<UpstreamClient, ObjectNode> results, String serverName) {
        if (results.size() == 1) {
            return results.values().iterator().next().deepCopy();
        }
        ObjectNode merged = JsonRpc.MAPPER.createObjectNode();
        ObjectNode capabilities = merged.putObject("capabilities");
        List<String> instructions = new ArrayList<>();
        for (Map.Entry<UpstreamClient, ObjectNode> entry : results.entrySet()) {
            mergeInto(capabilities, entry.getValue().path("capabilities"));
            JsonNode text = entry.getValue().get("instructions");
            if (text != null && text.isTextual() && !text.textValue().isBlank()) {
                instructions.add("[" + entry.getKey().name() + "] " + text.textValue());
            }
        }
        String version = InitializeResults.class.getPackage().getImplementationVersion();
        merged.putObject("serverInfo").put("name", serverName).put("version", version == null ? "dev" : version);
        if (!instructions.isEmpty()) {
            merged.put("instructions", String.join("\n\n", instructions));
        }
        return merged;
    }

    /** True when {@code upstream}'s {@code InitializeResult} declares {@code capability}; false before its handshake. */
    static boolean declares(UpstreamClient upstream, String capability) {
        ObjectNode init = upstream.initializeResult();
        return init != null && init.path("capabilities").has(capability);
    }

    private static void mergeInto(ObjectNode target, JsonNode source) {
        source.properties().forEach(field -> {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing instanceof ObjectNode object && value.isObject()) {
                mergeInto(object, value);
            } else if (existing != null && existing.isBoolean() && value.isBoolean()) {
                target.put(field.getKey(), existing.booleanValue() || value.booleanValue());
            } else if (existing == null) {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }
}
