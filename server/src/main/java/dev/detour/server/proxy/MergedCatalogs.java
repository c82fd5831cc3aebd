package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolErrorException;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamFailures;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's upstreams list — tools, prompts, resources, resource templates — merged into one
 * list per {@link Catalog}: every page of every upstream that declares the capability, upstream tools
 * filtered by the {@link ToolOverlay}, and the upstream behind each exposed name or URI, listed again
 * once a list changed. Confined to the session's event loop.
 */
final class MergedCatalogs {

    private static final Logger LOG = LoggerFactory.getLogger(MergedCatalogs.class);

    /** Pages bounded so a server that always returns a cursor cannot loop forever. */
    private static final int MAX_PAGES = 100;

    private final List<UpstreamClient> upstreams;
    private final ToolOverlay overlay;
    private final Map<Catalog.Kind, Catalog> catalogs = new EnumMap<>(Catalog.Kind.class);

    MergedCatalogs(List<UpstreamClient> upstreams, NamePolicy policy, ToolOverlay overlay) {
        this.upstreams = upstreams;
        this.overlay = overlay;
        for (Catalog.Kind kind : Catalog.Kind.values()) {
            catalogs.put(kind, new Catalog(kind, policy));
        }
    }

    /**
     * The merged list of {@code kind}, with no {@code nextCursor}; tools with the overlay's in front.
     * Fails only when every capable upstream failed: one failing upstream does not hide the others' items.
     */
    Future<ObjectNode> list(Catalog.Kind kind) {
        Future<ObjectNode> merged = collect(kind);
        return kind == Catalog.Kind.TOOLS ? merged.map(this::withOverlayTools) : merged;
    }

    /** What the last listing of {@code kind} put behind an exposed name or URI, or null: no listing, no lookup. */
    Catalog.Target listed(Catalog.Kind kind, String key) {
        return catalogs.get(kind).lookup(key);
    }

    /** The upstream and original name behind an exposed tool or prompt name, or null when none has it. */
    Future<Catalog.Target> resolve(Catalog.Kind kind, String name) {
        Catalog catalog = catalogs.get(kind);
        Catalog.Target known = catalog.lookup(name);
        if (known != null || catalog.fresh()) {
            return Future.succeededFuture(known);
        }
        return collect(kind).map(merged -> catalog.lookup(name));
    }

    /**
     * The upstream serving {@code uri}: the one listing it, else the one with the longest matching
     * resource-template prefix, else the first upstream with resources (else the first upstream).
     */
    Future<UpstreamClient> resourceOwner(String uri) {
        Catalog resources = catalogs.get(Catalog.Kind.RESOURCES);
        Catalog templates = catalogs.get(Catalog.Kind.RESOURCE_TEMPLATES);
        Future<Void> ready = Future.succeededFuture();
        if (!resources.fresh()) {
            ready = ready.compose(v -> collect(Catalog.Kind.RESOURCES).<Void>mapEmpty().otherwiseEmpty());
        }
        if (!templates.fresh()) {
            ready = ready.compose(v -> collect(Catalog.Kind.RESOURCE_TEMPLATES).<Void>mapEmpty().otherwiseEmpty());
        }
        return ready.map(v -> {
            Catalog.Target listed = resources.lookup(uri);
            if (listed != null) {
                return listed.upstream();
            }
            UpstreamClient owner = templates.templateOwner(uri);
            if (owner != null) {
                return owner;
            }
            return upstreams.stream().filter(u -> InitializeResults.declares(u, "resources")).findFirst()
                    .orElse(upstreams.get(0));
        });
    }

    /** An upstream's list of {@code kind} changed: the next lookup lists again. Resources take their templates along. */
    void invalidate(Catalog.Kind kind) {
        catalogs.get(kind).invalidate();
        if (kind == Catalog.Kind.RESOURCES) {
            catalogs.get(Catalog.Kind.RESOURCE_TEMPLATES).invalidate();
        }
    }

    /** Lists every page from every capable upstream, then merges. */
    private Future<ObjectNode> collect(Catalog.Kind kind) {
        List<UpstreamClient> capable = upstreams.stream().filter(u -> InitializeResults.declares(u, kind.capability)).toList();
        Map<UpstreamClient, List<ObjectNode>> items = new LinkedHashMap<>();
        List<Future<Void>> listing = new ArrayList<>();
        for (UpstreamClient upstream : capable) {
            List<ObjectNode> into = new ArrayList<>();
            items.put(upstream, into);
            listing.add(allPages(upstream, kind, null, into, 0));
        }
        return Future.join(listing).transform(done -> {
            for (int i = 0; i < capable.size(); i++) {
                if (listing.get(i).failed()) {
                    LOG.warn("{} failed on {}: {}", kind.listMethod, capable.get(i).name(), UpstreamFailures.message(listing.get(i).cause()));
                    items.remove(capable.get(i));
                }
            }
            if (items.isEmpty() && !capable.isEmpty()) {
                return Future.failedFuture(listing.get(0).cause());
            }
            if (kind == Catalog.Kind.TOOLS) {
                // Filtered before the merge, so a hidden tool neither shows nor forces a prefix on another.
                items.forEach((upstream, tools) -> tools.removeIf(t -> !overlay.exposes(upstream.name(), t.path("name").asText())));
            }
            return Future.succeededFuture(catalogs.get(kind).merge(items));
        });
    }

    private Future<Void> allPages(UpstreamClient upstream, Catalog.Kind kind, String cursor, List<ObjectNode> into,
            int page) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return upstream.call(kind.listMethod, params).response().compose(response -> {
            JsonNode result = response.get("result");
            if (result == null) {
                return Future.failedFuture(answeredWithError(upstream, response));
            }
            result.path(kind.resultField).forEach(item -> {
                if (item instanceof ObjectNode object) {
                    into.add(object);
                }
            });
            JsonNode next = result.get("nextCursor");
            if (next != null && next.isTextual() && page + 1 < MAX_PAGES) {
                return allPages(upstream, kind, next.textValue(), into, page + 1);
            }
            return Future.succeededFuture();
        });
    }

    /** The merged upstream tools with the overlay's tools in front; an overlay name hides an upstream tool of that name. */
    private ObjectNode withOverlayTools(ObjectNode merged) {
        List<ObjectNode> own = overlay.tools();
        if (own.isEmpty()) {
            return merged;
        }
        Set<String> names = new HashSet<>();
        own.forEach(t -> names.add(t.path("name").asText()));
        ArrayNode tools = JsonRpc.MAPPER.createArrayNode();
        own.forEach(tools::add);
        merged.path("tools").forEach(t -> {
            if (!names.contains(t.path("name").asText())) {
                tools.add(t);
            }
        });
        merged.set("tools", tools);
        return merged;
    }

    private static ToolErrorException answeredWithError(UpstreamClient upstream, ObjectNode response) {
        return UpstreamFailures.failure(upstream.name(), ErrorCategory.INTERNAL,
                "upstream '" + upstream.name() + "' answered with an error: " + response.path("error"), SideEffects.NONE);
    }
}
