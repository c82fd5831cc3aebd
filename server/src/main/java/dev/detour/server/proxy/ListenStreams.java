package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.McpExchange;
import dev.detour.server.mcp.StatelessRequests;
import dev.detour.server.upstream.UpstreamCall;
import dev.detour.server.upstream.UpstreamClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code subscriptions/listen} streams of 2026-07-28 clients (basic/patterns/subscriptions). Each
 * stream is one client request whose SSE response stays open: Detour acknowledges the part of the
 * client's filter it can honour, then sends the change notifications the filter asks for, every one
 * tagged with the stream's subscription id (the client's request id).
 *
 * <p>Where they come from depends on the upstream's era. A 2026-07-28 upstream gets its own
 * {@code subscriptions/listen} with the same filter, per client stream; its acknowledgment and
 * notifications are re-tagged with the client's id, and closing the client's stream closes it. A
 * session-era upstream has one shared session whose list-change notifications Detour fans out to the
 * streams whose filter asks for them, and whose resources it subscribes to for as long as a stream
 * wants their updates. The acknowledgment is sent once every upstream has answered. Confined to the
 * session's event loop.
 */
final class ListenStreams {

    /** One client's listen stream. */
    private static final class Stream {
        final JsonNode subscriptionId;
        final McpExchange exchange;
        final ObjectNode filter;
        final ObjectNode acknowledged = JsonRpc.MAPPER.createObjectNode();
        final Map<UpstreamClient, UpstreamCall> upstreamListens = new HashMap<>();
        final List<ObjectNode> early = new ArrayList<>();
        int awaitingAcks;
        boolean acknowledgedSent;

        Stream(JsonNode subscriptionId, McpExchange exchange, ObjectNode filter) {
            this.subscriptionId = subscriptionId;
            this.exchange = exchange;
            this.filter = filter;
        }
    }

    private final List<UpstreamClient> upstreams;
    private final ResourceSubscriptions resources;
    private final List<Stream> streams = new ArrayList<>();

    ListenStreams(List<UpstreamClient> upstreams, MergedCatalogs catalogs) {
        this.upstreams = upstreams;
        this.resources = new ResourceSubscriptions(catalogs);
    }

    /** Opens a stream for a {@code subscriptions/listen} request; it ends when the client closes it. */
    void listen(ObjectNode request, McpExchange exchange) {
        JsonNode filterNode = request.path("params").path("notifications");
        ObjectNode filter = filterNode instanceof ObjectNode object ? object : JsonRpc.MAPPER.createObjectNode();
        Stream stream = new Stream(request.get("id"), exchange, filter);
        streams.add(stream);
        for (UpstreamClient upstream : upstreams) {
            if (upstream.stateless()) {
                stream.awaitingAcks++;
                UpstreamCall call = upstream.call("subscriptions/listen", JsonRpc.params(request).deepCopy());
                stream.upstreamListens.put(upstream, call);
                call.response().onComplete(ended -> upstreamListenEnded(stream, upstream));
            } else {
                honourFromSession(stream, upstream);
            }
        }
        exchange.onClientGone(() -> close(stream));
        acknowledgeWhenAllAnswered(stream);
    }

    /**
     * A notification an upstream sent on one of Detour's listen streams: re-tagged and passed to the
     * client stream it was opened for.
     *
     * @return false when it belongs to no listen stream (the caller handles it)
     */
    boolean fromUpstreamListen(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId) {
        if (relatedRequestId == null || !relatedRequestId.canConvertToLong()) {
            return false;
        }
        for (Stream stream : streams) {
            UpstreamCall call = stream.upstreamListens.get(from);
            if (call != null && call.upstreamId() == relatedRequestId.longValue()) {
                if ("notifications/subscriptions/acknowledged".equals(JsonRpc.method(notification))) {
                    merge(stream.acknowledged, JsonRpc.params(notification).path("notifications"));
                    stream.awaitingAcks--;
                    acknowledgeWhenAllAnswered(stream);
                } else {
                    deliver(stream, notification);
                }
                return true;
            }
        }
        return false;
    }

    /** A change notification from a session-era upstream: to every stream whose filter asks for it. */
    void fromSession(ObjectNode notification) {
        String method = JsonRpc.method(notification);
        String uri = JsonRpc.params(notification).path("uri").asText(null);
        for (Stream stream : List.copyOf(streams)) {
            if (wants(stream.acknowledged, method, uri)) {
                deliver(stream, notification.deepCopy());
            }
        }
    }

    private void honourFromSession(Stream stream, UpstreamClient upstream) {
        ObjectNode capabilities = upstream.initializeResult() == null ? JsonRpc.MAPPER.createObjectNode()
                : (ObjectNode) upstream.initializeResult().path("capabilities");
        honour(stream, "toolsListChanged", capabilities.path("tools").path("listChanged").asBoolean(false));
        honour(stream, "promptsListChanged", capabilities.path("prompts").path("listChanged").asBoolean(false));
        honour(stream, "resourcesListChanged", capabilities.path("resources").path("listChanged").asBoolean(false));
        JsonNode uris = stream.filter.path("resourceSubscriptions");
        if (uris.isArray() && capabilities.path("resources").path("subscribe").asBoolean(false)) {
            ArrayNode honoured = stream.acknowledged.withArray("resourceSubscriptions");
            uris.forEach(uri -> {
                if (uri.isTextual() && !contains(honoured, uri.textValue())) {
                    honoured.add(uri);
                    resources.subscribe(uri.textValue());
                }
            });
        }
    }

    private void honour(Stream stream, String type, boolean served) {
        if (served && stream.filter.path(type).asBoolean(false)) {
            stream.acknowledged.put(type, true);
        }
    }

    private void acknowledgeWhenAllAnswered(Stream stream) {
        if (stream.awaitingAcks > 0 || stream.acknowledgedSent || !stream.exchange.isOpen()) {
            return;
        }
        stream.acknowledgedSent = true;
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        params.set("notifications", stream.acknowledged);
        send(stream, JsonRpc.notification("notifications/subscriptions/acknowledged", params));
        stream.early.forEach(notification -> send(stream, notification));
        stream.early.clear();
    }

    private void deliver(Stream stream, ObjectNode notification) {
        if (stream.acknowledgedSent) {
            send(stream, notification);
        } else {
            stream.early.add(notification);
        }
    }

    private static void send(Stream stream, ObjectNode notification) {
        ObjectNode meta = JsonRpc.params(notification).with("_meta");
        meta.set(StatelessRequests.META_SUBSCRIPTION_ID, stream.subscriptionId);
        stream.exchange.send(notification);
    }

    /**
     * An upstream ended its listen stream (a graceful closure, or a failure): when none is left and no
     * session-era upstream serves the stream, the client's stream ends with the closing result.
     */
    private void upstreamListenEnded(Stream stream, UpstreamClient upstream) {
        if (stream.upstreamListens.remove(upstream) == null || !streams.contains(stream)) {
            return;
        }
        if (!stream.acknowledgedSent) {
            stream.awaitingAcks--;
            acknowledgeWhenAllAnswered(stream);
        }
        boolean sessionUpstreams = upstreams.stream().anyMatch(u -> !u.stateless());
        if (stream.upstreamListens.isEmpty() && !sessionUpstreams) {
            ObjectNode result = JsonRpc.MAPPER.createObjectNode().put("resultType", "complete");
            result.putObject("_meta").set(StatelessRequests.META_SUBSCRIPTION_ID, stream.subscriptionId);
            streams.remove(stream);
            stream.exchange.reply(JsonRpc.result(stream.subscriptionId, result));
        }
    }

    private void close(Stream stream) {
        if (!streams.remove(stream)) {
            return;
        }
        Map<UpstreamClient, UpstreamCall> open = new HashMap<>(stream.upstreamListens);
        stream.upstreamListens.clear();
        open.forEach((upstream, call) -> upstream.cancel(call, "the client closed its subscription"));
        stream.acknowledged.path("resourceSubscriptions").forEach(uri -> resources.unsubscribe(uri.asText()));
    }

    /** Closes every stream (the session ends). */
    void closeAll() {
        List.copyOf(streams).forEach(this::close);
    }

    private static boolean wants(ObjectNode acknowledged, String method, String uri) {
        return switch (method) {
            case "notifications/tools/list_changed" -> acknowledged.path("toolsListChanged").asBoolean(false);
            case "notifications/prompts/list_changed" -> acknowledged.path("promptsListChanged").asBoolean(false);
            case "notifications/resources/list_changed" -> acknowledged.path("resourcesListChanged").asBoolean(false);
            case "notifications/resources/updated" -> uri != null && contains(acknowledged.path("resourceSubscriptions"), uri);
            default -> false;
        };
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The union of two acknowledged filters: flags true if either is, resource URIs from both. */
    private static void merge(ObjectNode into, JsonNode acknowledged) {
        acknowledged.properties().forEach(field -> {
            if (field.getValue().isBoolean() && field.getValue().booleanValue()) {
                into.put(field.getKey(), true);
            } else if (field.getValue().isArray()) {
                ArrayNode target = into.withArray(field.getKey());
                field.getValue().forEach(value -> {
                    if (!contains(target, value.asText())) {
                        target.add(value);
                    }
                });
            }
        });
    }
}
