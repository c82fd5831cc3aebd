package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamCall;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources a stateless session's session-era upstreams are subscribed to on behalf of its
 * {@code subscriptions/listen} streams, counted: the first stream that wants a URI's updates sends
 * {@code resources/subscribe} to the upstream serving it, the last one to stop sends
 * {@code resources/unsubscribe}. Confined to the session's event loop.
 */
final class ResourceSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceSubscriptions.class);

    private final MergedCatalogs catalogs;
    private final Map<String, Integer> streamsByUri = new HashMap<>();

    ResourceSubscriptions(MergedCatalogs catalogs) {
        this.catalogs = catalogs;
    }

    void subscribe(String uri) {
        if (streamsByUri.merge(uri, 1, Integer::sum) == 1) {
            send("resources/subscribe", uri);
        }
    }

    void unsubscribe(String uri) {
        Integer left = streamsByUri.computeIfPresent(uri, (key, count) -> count > 1 ? count - 1 : null);
        if (left == null) {
            send("resources/unsubscribe", uri);
        }
    }

    private void send(String method, String uri) {
        catalogs.resourceOwner(uri).onSuccess(owner -> {
            if (owner.stateless()) {
                return;
            }
            ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("uri", uri);
            UpstreamCall call = owner.call(method, params);
            call.response().onComplete(answer -> {
                if (answer.failed() || answer.result().has("error")) {
                    LOG.debug("{} {} on {} failed", method, uri, owner.name());
                }
            });
        });
    }
}
