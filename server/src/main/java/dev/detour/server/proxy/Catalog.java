package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What several upstreams offer under one endpoint, for one kind of list (tools, prompts, resources,
 * resource templates): merges the upstreams' lists, applies the {@link NamePolicy} to named items,
 * and remembers which upstream serves each exposed name or URI. Confined to the session's event loop.
 */
final class Catalog {

    /** The four aggregated lists. */
    enum Kind {
        TOOLS("tools/list", "tools", "tools", true),
        PROMPTS("prompts/list", "prompts", "prompts", true),
        RESOURCES("resources/list", "resources", "resources", false),
        RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "resources", false);

        final String listMethod;
        final String resultField;
        final String capability;
        final boolean named;

        Kind(String listMethod, String resultField, String capability, boolean named) {
            this.listMethod = listMethod;
            this.resultField = resultField;
            this.capability = capability;
            this.named = named;
        }

        /** The list a {@code notifications/…/list_changed} method announces a change of, or null. */
        static Kind changedBy(String notification) {
            return switch (notification) {
                case "notifications/tools/list_changed" -> TOOLS;
                case "notifications/prompts/list_changed" -> PROMPTS;
                case "notifications/resources/list_changed" -> RESOURCES;
                default -> null;
            };
        }
    }

    /** Where an exposed item lives upstream. */
    record Target(UpstreamClient upstream, String original) {}

    private final Kind kind;
    private final NamePolicy policy;
    private Map<String, Target> byKey = Map.of();
    private List<Map.Entry<String, UpstreamClient>> templatePrefixes = List.of();
    private boolean fresh;

    Catalog(Kind kind, NamePolicy policy) {
        this.kind = kind;
        this.policy = policy;
    }

    /** True once a merge happened and no list_changed arrived since. */
    boolean fresh() {
        return fresh;
    }

    /** Forgets the tables (an upstream's list changed). */
    void invalidate() {
        fresh = false;
    }

    /** The upstream serving an exposed name (tools, prompts) or URI (resources), if known. */
    Target lookup(String key) {
        return byKey.get(key);
    }

    /** The upstream whose resource template covers {@code uri} (longest literal prefix), or null. */
    UpstreamClient templateOwner(String uri) {
        UpstreamClient best = null;
        int bestLength = -1;
        for (Map.Entry<String, UpstreamClient> entry : templatePrefixes) {
            if (uri.startsWith(entry.getKey()) && entry.getKey().length() > bestLength) {
                best = entry.getValue();
                bestLength = entry.getKey().length();
            }
        }
        return best;
    }

    /**
     * Merges the complete lists of each upstream (in priority order) into one result and rebuilds
     * the routing table. Items are changed only in their {@code name}, and only when prefixed.
     */
    ObjectNode merge(Map<UpstreamClient, List<ObjectNode>> perUpstream) {
        Map<String, Integer> counts = new HashMap<>();
        if (kind.named) {
            perUpstream.values().forEach(items -> items.forEach(item -> counts.merge(item.path("name").asText(), 1, Integer::sum)));
        }
        Map<String, Target> table = new LinkedHashMap<>();
        List<Map.Entry<String, UpstreamClient>> prefixes = new ArrayList<>();
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        ArrayNode merged = result.putArray(kind.resultField);
        for (Map.Entry<UpstreamClient, List<ObjectNode>> entry : perUpstream.entrySet()) {
            UpstreamClient upstream = entry.getKey();
            for (ObjectNode item : entry.getValue()) {
                switch (kind) {
                    case TOOLS, PROMPTS -> {
                        String original = item.path("name").asText();
                        boolean prefix = policy == NamePolicy.ALWAYS
                                || (policy == NamePolicy.CONDITIONAL && counts.getOrDefault(original, 0) > 1);
                        String exposed = prefix ? upstream.name() + NamePolicy.SEPARATOR + original : original;
                        if (table.containsKey(exposed)) {
                            continue;
                        }
                        table.put(exposed, new Target(upstream, original));
                        if (prefix) {
                            item.put("name", exposed);
                        }
                        merged.add(item);
                    }
                    case RESOURCES -> {
                        String uri = item.path("uri").asText();
                        table.putIfAbsent(uri, new Target(upstream, uri));
                        merged.add(item);
                    }
                    case RESOURCE_TEMPLATES -> {
                        String template = item.path("uriTemplate").asText();
                        int brace = template.indexOf('{');
                        prefixes.add(Map.entry(brace < 0 ? template : template.substring(0, brace), upstream));
                        merged.add(item);
                    }
                }
            }
        }
        byKey = table;
        templatePrefixes = prefixes;
        fresh = true;
        return result;
    }
}
