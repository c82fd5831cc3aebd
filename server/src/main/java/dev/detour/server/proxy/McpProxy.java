package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.Scheduler;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.McpExchange;
import dev.detour.server.mcp.McpServer;
import dev.detour.server.mcp.ProtocolRevision;
import dev.detour.server.mcp.SessionStreams;
import dev.detour.server.mcp.StatelessRequests;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamFailures;
import dev.detour.server.upstream.UpstreamSpec;
import dev.detour.server.upstream.UpstreamTransports;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transparent MCP proxy: every downstream session gets its own upstream session on every
 * configured upstream, initialized with the client's own {@code initialize} params (so upstreams see
 * the client's real capabilities and identity), and a {@link ProxySession} forwards between them.
 *
 * <p>Stateless 2026-07-28 requests share one Detour-owned upstream connection per upstream, opened on
 * the first such request with that request's {@code clientInfo} and {@code clientCapabilities}. An
 * HTTP upstream that answers the {@code server/discover} probe with 2026-07-28 is spoken to without
 * a session, every forwarded request keeping the client's own {@code _meta}, so multi-round results,
 * capability errors and caching hints cross intact; other upstreams get one shared session.
 * {@code server/discover} is answered by Detour from the upstreams' results. Results from a session
 * upstream get {@code resultType: "complete"} and, on lists and reads, the cache hints
 * {@code ttlMs: 0, cacheScope: "private"} when the upstream gave none: a proxy cannot vouch for
 * caching across callers.
 *
 * <p>{@link #upstreams(List)} changes the upstreams for sessions that open from then on. A session
 * already open keeps the upstream sessions it started with until it ends — its client saw those
 * tools, and server-to-client requests in flight belong to them. The shared stateless session is
 * reopened on its next use, and the old one closed once its requests have ended. Confined to the
 * endpoint's event loop.
 */
public final class McpProxy implements McpServer {

    private static final Logger LOG = LoggerFactory.getLogger(McpProxy.class);

    private static final Set<String> CACHEABLE = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list", "resources/read", "prompts/get");

    private final Vertx vertx;
    private ProxyConfig config;
    private final UpstreamTransports transports;
    private final ToolOverlay overlay;
    private final Scheduler scheduler;
    private final List<ProxySession> open = new ArrayList<>();
    private Future<Stateless> stateless;

    private record Stateless(ProxySession session, ObjectNode merged, List<UpstreamClient> upstreams) {}

    /** A plain proxy: every upstream tool as it is, no tools of Detour's own. */
    public McpProxy(Vertx vertx, ProxyConfig config, Scheduler scheduler) {
        this(vertx, config, ToolOverlay.NONE, scheduler);
    }

    /**
     * A proxy with Detour's own tools on top.
     *
     * @param overlay   the tools Detour serves itself and the filter on upstream tools
     * @param scheduler arms the upstream clients' timers
     */
    public McpProxy(Vertx vertx, ProxyConfig config, ToolOverlay overlay, Scheduler scheduler) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.config = config;
        this.overlay = overlay;
        this.transports = new UpstreamTransports(vertx, config.stdio());
    }

    @Override
    public Future<OpenedSession> openSession(String sessionId, ObjectNode initialize, ProtocolRevision revision,
            SessionStreams streams) {
        ObjectNode params = JsonRpc.params(initialize).deepCopy();
        return open(params, streams::sendUnrelated, false)
                .map(opened -> new OpenedSession(opened.session(), opened.merged()));
    }

    @Override
    public void onStatelessRequest(ObjectNode request, McpExchange exchange) {
        JsonNode id = request.get("id");
        Future<Stateless> shared = statelessSession(JsonRpc.params(request).path("_meta"));
        shared.onComplete(ready -> {
            if (ready.failed()) {
                exchange.reply(JsonRpc.error(id, JsonRpcException.INTERNAL_ERROR,
                        "Internal error: no upstream is available: " + ready.cause().getMessage(), null));
                return;
            }
            String method = JsonRpc.method(request);
            if ("server/discover".equals(method)) {
                exchange.reply(JsonRpc.result(id, discover(ready.result().merged())));
                return;
            }
            ready.result().session().onRequest(request, new StatelessExchange(exchange, CACHEABLE.contains(method)));
        });
    }

    @Override
    public void onStatelessNotification(ObjectNode notification) {
        if (stateless != null) {
            stateless.onSuccess(shared -> shared.session().onNotification(notification));
        }
    }

    /**
     * Opens sessions on {@code upstreams} from now on; sessions already open keep theirs until they
     * end, and the shared stateless session is replaced on its next use, the old one closed once its
     * requests have ended (at the latest after {@link dev.detour.server.upstream.UpstreamClientConfig#longestCall()}).
     * On the event loop.
     *
     * @throws IllegalArgumentException when {@code upstreams} is empty or has two with one name
     */
    public void upstreams(List<UpstreamSpec> upstreams) {
        if (upstreams.equals(config.upstreams())) {
            return;
        }
        config = new ProxyConfig(upstreams, config.namePolicy(), config.client(), config.stdio(), config.serverName());
        if (stateless != null) {
            Future<Stateless> retired = stateless;
            stateless = null;
            retired.onSuccess(old -> Future.join(old.upstreams().stream().map(u -> u.drained(config.client().longestCall())).toList())
                    .onComplete(drained -> old.session().close()));
        }
    }

    @Override
    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        new ArrayList<>(open).forEach(session -> closing.add(session.close()));
        return Future.join(closing).eventually(overlay::close).eventually(transports::close).mapEmpty();
    }

    private Future<Stateless> statelessSession(JsonNode meta) {
        if (stateless == null || stateless.failed()) {
            ObjectNode params = JsonRpc.MAPPER.createObjectNode()
                    .put("protocolVersion", ProtocolRevision.LATEST_SESSION_REVISION.wireName());
            JsonNode capabilities = meta.get("io.modelcontextprotocol/clientCapabilities");
            params.set("capabilities", capabilities instanceof ObjectNode ? capabilities
                    : JsonRpc.MAPPER.createObjectNode());
            JsonNode clientInfo = meta.get("io.modelcontextprotocol/clientInfo");
            params.set("clientInfo", clientInfo instanceof ObjectNode ? clientInfo
                    : JsonRpc.MAPPER.createObjectNode().put("name", config.serverName()).put("version", "stateless"));
            stateless = open(params, message -> false, true)
                    .map(opened -> new Stateless(opened.session(), opened.merged(), opened.upstreams()));
        }
        return stateless;
    }

    private record Opened(ProxySession session, ObjectNode merged, List<UpstreamClient> upstreams) {}

    private Future<Opened> open(ObjectNode params, ProxySession.Unrelated unrelated, boolean isStateless) {
        List<UpstreamClient> clients = new ArrayList<>();
        ProxySession[] session = new ProxySession[1];
        // Upstreams may speak during their initialize, before the session exists: such requests are
        // refused (the spec allows only pings and logging then), notifications are dropped.
        UpstreamClient.Listener listener = new UpstreamClient.Listener() {
            @Override
            public void onServerRequest(UpstreamClient from, ObjectNode request, JsonNode related) {
                if (session[0] != null) {
                    session[0].onServerRequest(from, request, related);
                } else {
                    ObjectNode refusal = JsonRpc.MAPPER.createObjectNode();
                    refusal.putObject("error").put("code", JsonRpcException.INVALID_REQUEST)
                            .put("message", "the session is not initialized yet");
                    from.respond(request.get("id"), refusal);
                }
            }

            @Override
            public void onNotification(UpstreamClient from, ObjectNode notification, JsonNode related) {
                if (session[0] != null) {
                    session[0].onNotification(from, notification, related);
                }
            }

            @Override
            public void onResponseStream(UpstreamClient from, long upstreamId) {
                if (session[0] != null) {
                    session[0].onResponseStream(from, upstreamId);
                }
            }
        };
        List<Boolean> preferStateless = new ArrayList<>();
        for (UpstreamSpec spec : config.upstreams()) {
            clients.add(new UpstreamClient(spec.name(), transports.open(spec), vertx.getOrCreateContext(), scheduler, config.client(), listener));
            // The server/discover probe only on HTTP: a stdio child may not answer an unknown method before initialize.
            preferStateless.add(isStateless && spec instanceof UpstreamSpec.Http);
        }
        boolean ownTools = overlay != ToolOverlay.NONE;
        return connectAll(clients, preferStateless, params, ownTools).map(up -> {
            session[0] = new ProxySession(new ArrayList<>(up.keySet()), config.namePolicy(), unrelated, isStateless, overlay);
            open.add(session[0]);
            session[0].whenClosed(() -> open.remove(session[0]));
            ObjectNode merged = InitializeResults.merge(up, config.serverName());
            if (ownTools && !merged.path("capabilities").has("tools")) {
                merged.with("capabilities").putObject("tools");
            }
            if (!overlay.forwardsResources()) {
                merged.with("capabilities").remove("resources");
            }
            if (!overlay.forwardsPrompts()) {
                merged.with("capabilities").remove("prompts");
            }
            return new Opened(session[0], merged, List.copyOf(up.keySet()));
        });
    }

    /**
     * Connects every upstream with the client's own {@code initialize} params (first probing with
     * {@code server/discover} where {@code preferStateless} says so); succeeds when at least
     * one upstream is up (the others are closed and left out), or with none when {@code noneIsEnough}.
     *
     * @param noneIsEnough the session is useful without upstreams (Detour serves tools of its own)
     * @return the upstreams that connected, with their {@code InitializeResult}s
     */
    private static Future<Map<UpstreamClient, ObjectNode>> connectAll(List<UpstreamClient> clients,
            List<Boolean> preferStateless, ObjectNode params, boolean noneIsEnough) {
        List<Future<ObjectNode>> connecting = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            UpstreamClient client = clients.get(i);
            connecting.add(preferStateless.get(i) ? client.connectPreferringStateless(params.deepCopy())
                    : client.connect(params.deepCopy()));
        }
        Promise<Map<UpstreamClient, ObjectNode>> done = Promise.promise();
        Future.join(connecting).onComplete(all -> {
            Map<UpstreamClient, ObjectNode> up = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                if (connecting.get(i).succeeded()) {
                    up.put(clients.get(i), connecting.get(i).result());
                } else {
                    failures.add(UpstreamFailures.message(connecting.get(i).cause()));
                    clients.get(i).close();
                }
            }
            if (up.isEmpty() && !noneIsEnough) {
                done.fail(String.join("; ", failures));
            } else {
                failures.forEach(f -> LOG.warn("left out of the session: {}", f));
                done.complete(up);
            }
        });
        return done.future();
    }

    private static ObjectNode discover(ObjectNode merged) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode().put("resultType", "complete");
        result.putArray("supportedVersions").add(ProtocolRevision.V2026_07_28.wireName());
        result.set("capabilities", merged.path("capabilities").deepCopy());
        if (merged.hasNonNull("instructions")) {
            result.set("instructions", merged.get("instructions"));
        }
        // server/discover: the server's identity goes in the result's _meta (server/discover "DiscoverResult").
        result.putObject("_meta").set(StatelessRequests.META_SERVER_INFO, merged.path("serverInfo").deepCopy());
        result.put("ttlMs", 0).put("cacheScope", "private");
        return result;
    }

    /** Adds the 2026-07-28 result fields an upstream speaking an older revision does not send. */
    private static final class StatelessExchange implements McpExchange {
        private final McpExchange delegate;
        private final boolean cacheable;

        StatelessExchange(McpExchange delegate, boolean cacheable) {
            this.delegate = delegate;
            this.cacheable = cacheable;
        }

        @Override
        public dev.detour.server.identity.Principal principal() {
            return delegate.principal();
        }

        @Override
        public boolean send(ObjectNode message) {
            return delegate.send(message);
        }

        @Override
        public void openStream() {
            delegate.openStream();
        }

        @Override
        public void reply(ObjectNode response) {
            if (response.get("result") instanceof ObjectNode result) {
                if (!result.has("resultType")) {
                    result.put("resultType", "complete");
                }
                // Interim input_required results carry no caching hints (server/utilities/caching).
                if (cacheable && "complete".equals(result.path("resultType").asText()) && !result.has("ttlMs")) {
                    result.put("ttlMs", 0).put("cacheScope", "private");
                }
            }
            delegate.reply(response);
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void onClientGone(Runnable action) {
            delegate.onClientGone(action);
        }
    }
}
