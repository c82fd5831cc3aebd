package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.health.probe.ProbeResult;
import dev.detour.health.probe.Prober;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamCall;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Active health probes over MCP for health-monitors' {@code ProbeMonitor}: an upstream tool
 * ({@code tool@upstream}, see {@link ProviderBinding#routerToolId()}) is up when its upstream
 * answers {@code tools/list} in time and still lists the tool. Probes of several tools of one
 * upstream that overlap share one listing, so probing many tools costs one request per upstream.
 *
 * <p>Thread-safe: work hops onto the directory's context, where the clients and the shared
 * listings live.
 */
public final class McpToolProber implements Prober {

    /** Pages of {@code tools/list} followed before a tool counts as not listed. */
    public static final int MAX_PAGES = 20;

    private final UpstreamDirectory upstreams;
    /** In-flight listings by upstream; touched on the directory's context only. */
    private final Map<String, Future<Set<String>>> listings = new HashMap<>();

    public McpToolProber(UpstreamDirectory upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public CompletionStage<ProbeResult> probe(String tool, Duration timeout) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        int at = tool.lastIndexOf('@');
        if (at <= 0 || at == tool.length() - 1) {
            result.complete(ProbeResult.down("'" + tool + "' is not an upstream tool id (tool@upstream)"));
            return result;
        }
        String name = tool.substring(0, at);
        String upstream = tool.substring(at + 1);
        upstreams.context().runOnContext(v -> {
            Optional<UpstreamClient> client = upstreams.client(upstream);
            if (client.isEmpty()) {
                result.complete(ProbeResult.down("upstream '" + upstream + "' is not connected"));
                return;
            }
            Vertx vertx = upstreams.context().owner();
            long millis = Math.max(1, timeout.toMillis());
            listing(upstream, client.get(), vertx, millis).onComplete(listed -> {
                if (listed.failed()) {
                    result.complete(ProbeResult.down("tools/list failed: " + UpstreamFailures.message(listed.cause())));
                } else {
                    result.complete(listed.result().contains(name) ? ProbeResult.up("listed by " + upstream)
                            : ProbeResult.down(upstream + " no longer lists '" + name + "'"));
                }
            });
        });
        return result;
    }

    /**
     * The tool names the upstream lists: a listing already in flight, or a new one that gives up (and
     * cancels its request) after {@code millis}, so a hung upstream never pins a stale listing.
     */
    private Future<Set<String>> listing(String upstream, UpstreamClient client, Vertx vertx, long millis) {
        Future<Set<String>> inFlight = listings.get(upstream);
        if (inFlight != null) {
            return inFlight;
        }
        Promise<Set<String>> names = Promise.promise();
        listings.put(upstream, names.future());
        UpstreamCall[] current = new UpstreamCall[1];
        long timer = vertx.setTimer(millis, t -> {
            if (names.tryFail("no answer within " + millis + " ms") && current[0] != null) {
                client.cancel(current[0], "health probe timed out");
            }
        });
        names.future().onComplete(done -> {
            vertx.cancelTimer(timer);
            listings.remove(upstream);
        });
        page(client, null, new HashSet<>(), 1, names, current);
        return names.future();
    }

    private static void page(UpstreamClient client, String cursor, Set<String> names, int pageNo, Promise<Set<String>> done,
            UpstreamCall[] current) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        current[0] = client.call("tools/list", params);
        current[0].response().onComplete(answered -> {
            if (done.future().isComplete()) {
                return;
            }
            if (answered.failed()) {
                done.fail(answered.cause());
                return;
            }
            JsonNode message = answered.result();
            if (message.has("error")) {
                done.fail(new IllegalStateException(message.path("error").path("message").asText("JSON-RPC error")));
                return;
            }
            JsonNode result = message.path("result");
            result.path("tools").forEach(t -> names.add(t.path("name").asText()));
            String next = result.path("nextCursor").asText(null);
            if (next == null || pageNo >= MAX_PAGES) {
                done.complete(names);
            } else {
                page(client, next, names, pageNo + 1, done, current);
            }
        });
    }
}
