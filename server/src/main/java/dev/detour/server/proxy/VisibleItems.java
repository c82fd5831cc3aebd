package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.policy.Access;

/**
 * A merged list as one principal may see it: only the tools, prompts, resources and templates its
 * {@link Access} grants. The session's catalogs are shared (a 2026-07-28 session serves every
 * caller), so the filter applies to each answer, never to the catalog. Calls are authorized
 * separately, where they are dispatched ({@link #permits}), so a hidden name called anyway is refused
 * there too. Stateless.
 */
final class VisibleItems {

    private VisibleItems() {
    }

    /** {@code merged} (one list answer) without the items {@code access} does not grant. */
    static ObjectNode of(Catalog.Kind kind, ObjectNode merged, Access access, ToolOverlay overlay, MergedCatalogs catalogs) {
        if (access == Access.ALL) {
            return merged;
        }
        ArrayNode visible = JsonRpc.MAPPER.createArrayNode();
        for (JsonNode item : merged.path(kind.resultField)) {
            if (visible(kind, item, access, overlay, catalogs)) {
                visible.add(item);
            }
        }
        merged.set(kind.resultField, visible);
        return merged;
    }

    private static boolean visible(Catalog.Kind kind, JsonNode item, Access access, ToolOverlay overlay, MergedCatalogs catalogs) {
        return switch (kind) {
            case TOOLS -> {
                String name = item.path("name").asText();
                if (overlay.serves(name)) {
                    yield access.ownTool(name);
                }
                Catalog.Target target = catalogs.listed(kind, name);
                yield target != null && permits(kind, target, access);
            }
            case PROMPTS -> {
                Catalog.Target target = catalogs.listed(kind, item.path("name").asText());
                yield target != null && permits(kind, target, access);
            }
            case RESOURCES -> access.resource(item.path("uri").asText());
            case RESOURCE_TEMPLATES -> access.resource(item.path("uriTemplate").asText());
        };
    }

    /** True when {@code access} grants the upstream tool or prompt behind {@code target}. */
    static boolean permits(Catalog.Kind kind, Catalog.Target target, Access access) {
        return switch (kind) {
            case TOOLS -> access.tool(target.upstream().name(), target.original());
            case PROMPTS -> access.prompt(target.upstream().name(), target.original());
            case RESOURCES, RESOURCE_TEMPLATES -> access.resource(target.original());
        };
    }
}
