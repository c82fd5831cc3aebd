package dev.detour.server.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolErrorException;
import dev.detour.router.time.Scheduler;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.ProtocolRevision;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP client session with one upstream server, over an {@link UpstreamTransport}: performs the
 * {@code initialize} handshake (again after a stdio restart), numbers Detour's requests, matches
 * responses, times requests out, and hands server-initiated messages to a {@link Listener}.
 *
 * <p>Messages stay raw JSON trees; nothing is re-typed. A request in flight when the connection
 * breaks fails at once with an {@link UpstreamFailures upstream failure}; calls made while the
 * upstream reconnects wait up to {@link UpstreamClientConfig#readyWait()}; a request gets no answer
 * after {@link UpstreamClientConfig#requestTimeout()} at most, whatever progress it reports (the cap
 * the MCP specification recommends). Timers run on the {@link Scheduler} it is given. Confined to its
 * context's event loop.
 */
public final class UpstreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

    /** Receives what the upstream sends on its own initiative. Called on the client's event loop. */
    public interface Listener {

        /** A server-to-client request (sampling, elicitation, roots …); answer with {@link #respond}. */
        void onServerRequest(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId);

        /** A notification (progress, logging, list changes, cancellation …). */
        void onNotification(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId);

        /**
         * The upstream answers request {@code upstreamId} with an SSE stream rather than plain JSON.
         * Only a relay cares (to answer its own client the same way); the default ignores it.
         */
        default void onResponseStream(UpstreamClient from, long upstreamId) {
        }
    }

    /**
     * Requests that only read, which an upstream may receive twice without harm: sent again once when
     * a kept-alive connection closed under them ({@link UpstreamTransport#send(ObjectNode, boolean)}).
     */
    private static final Set<String> READ_ONLY_METHODS = Set.of("ping", "tools/list", "prompts/list", "prompts/get",
            "resources/list", "resources/templates/list", "resources/read", "completion/complete");

    private enum State { NEW, CONNECTING, READY, RECONNECTING, CLOSED }

    private final String name;
    private final UpstreamTransport transport;
    private final Context context;
    private final Scheduler scheduler;
    private final UpstreamClientConfig config;
    private final Listener listener;
    private final Map<Long, UpstreamCall> pending = new HashMap<>();
    /** Requests that carry a progress token, by the token's JSON text. */
    private final Map<String, UpstreamCall> byProgressToken = new HashMap<>();
    private final Deque<UpstreamCall> waiting = new ArrayDeque<>();
    private State state = State.NEW;
    private long nextId = 1;
    private ObjectNode initializeParams;
    private ObjectNode initializeResult;
    /** Probe with {@code server/discover} first and speak 2026-07-28 when the upstream serves it. */
    private boolean preferStateless;
    /** The upstream serves 2026-07-28 and is spoken to without a session; {@link #statelessMeta} goes on Detour's own requests. */
    private ObjectNode statelessMeta;
    private Promise<ObjectNode> firstConnect;

    /**
     * @param context   the event loop the client is confined to; its timers fire there
     * @param scheduler arms the client's timers (ready wait, request timeout, drain bound)
     */
    public UpstreamClient(String name, UpstreamTransport transport, Context context, Scheduler scheduler, UpstreamClientConfig config,
            Listener listener) {
        this.name = name;
        this.transport = transport;
        this.context = context;
        this.scheduler = scheduler;
        this.config = config;
        this.listener = listener;
    }

    /** The upstream's name, as configured. */
    public String name() {
        return name;
    }

    /** The upstream's {@code InitializeResult}, or {@code null} before the first handshake. */
    public ObjectNode initializeResult() {
        return initializeResult;
    }

    /** True once the upstream answered the {@code server/discover} probe: it is spoken to in 2026-07-28, without a session. */
    public boolean stateless() {
        return statelessMeta != null;
    }

    /**
     * Like {@link #connect(ObjectNode)}, but first probes with {@code server/discover}: an upstream that
     * serves 2026-07-28 is then spoken to statelessly (every request carries its {@code _meta}, the
     * client's own when forwarded), any other answer falls back to {@code initialize} with {@code params}.
     *
     * @return the upstream's {@code InitializeResult}, or its {@code DiscoverResult} in that shape
     */
    public Future<ObjectNode> connectPreferringStateless(ObjectNode params) {
        preferStateless = true;
        return connect(params);
    }

    /**
     * Starts the transport and performs the handshake with {@code params} (kept for reconnects).
     *
     * @return the upstream's {@code InitializeResult}
     */
    public Future<ObjectNode> connect(ObjectNode params) {
        if (state != State.NEW) {
            return Future.failedFuture(new IllegalStateException("connect() was already called on " + name));
        }
        initializeParams = params;
        state = State.CONNECTING;
        firstConnect = Promise.promise();
        transport.start(new TransportReceiver()).onComplete(started -> {
            if (started.failed()) {
                state = State.CLOSED;
                firstConnect.tryFail(UpstreamFailures.asFailureOf(name, started.cause(), ErrorCategory.UPSTREAM_UNAVAILABLE));
            } else {
                handshake();
            }
        });
        return firstConnect.future();
    }

    /**
     * Sends a request. Messages the upstream ties to it reach the {@link Listener} with this call's
     * {@link UpstreamCall#upstreamId()} as the related id.
     */
    public UpstreamCall call(String method, ObjectNode params) {
        return call(method, params, READ_ONLY_METHODS.contains(method));
    }

    /**
     * Like {@link #call(String, ObjectNode)}, saying whether the upstream may receive the request twice
     * without harm (a {@code tools/call} of a read-only or idempotent tool): then it is sent again, once,
     * if the connection it went out on closes before any answer.
     */
    public UpstreamCall call(String method, ObjectNode params, boolean resendable) {
        UpstreamCall call = newCall(method, statelessMeta == null ? params : StatelessUpstream.withMeta(params, statelessMeta), resendable);
        switch (state) {
            case READY -> dispatch(call);
            case CLOSED -> call.response.tryFail(unavailable("upstream '" + name + "' is closed"));
            default -> {
                waiting.addLast(call);
                call.timer = after(config.readyWait(), () -> {
                    if (waiting.remove(call)) {
                        call.response.tryFail(unavailable("upstream '" + name + "' did not become ready within "
                                + config.readyWait().toMillis() + " ms"));
                    }
                });
            }
        }
        return call;
    }

    /** Sends a notification; dropped while the upstream is not connected (it would be meaningless after a restart). */
    public void notify(String method, ObjectNode params) {
        if (state == State.READY) {
            transport.send(JsonRpc.notification(method, params))
                    .onFailure(e -> LOG.debug("{}: notification {} not delivered: {}", name, method, e.getMessage()));
        }
    }

    /** Tells the upstream to stop working on {@code call} and fails it locally. */
    public void cancel(UpstreamCall call, String reason) {
        if (pending.remove(call.id) != null) {
            call.timer.cancel();
            if (stateless()) {
                // 2026-07-28: closing the request's response stream is the cancellation.
                transport.abort(LongNode.valueOf(call.id));
            } else {
                ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("requestId", call.id);
                if (reason != null) {
                    params.put("reason", reason);
                }
                notify("notifications/cancelled", params);
            }
            call.response.tryFail(UpstreamFailures.failure(name, ErrorCategory.TRANSIENT, "cancelled: " + reason,
                    SideEffects.UNKNOWN));
        } else if (waiting.remove(call)) {
            call.timer.cancel();
            call.response.tryFail(UpstreamFailures.failure(name, ErrorCategory.TRANSIENT, "cancelled: " + reason,
                    SideEffects.NONE));
        }
    }

    /**
     * Answers a server-to-client request.
     *
     * @param answer a message holding {@code result} or {@code error}; its {@code id} is replaced
     */
    public void respond(JsonNode upstreamRequestId, ObjectNode answer) {
        answer.put("jsonrpc", "2.0");
        answer.set("id", upstreamRequestId);
        transport.send(answer).onFailure(e -> LOG.debug("{}: response not delivered: {}", name, e.getMessage()));
    }

    /** Fails what is pending and releases the transport. */
    public Future<Void> close() {
        if (state == State.CLOSED) {
            return transport.close();
        }
        state = State.CLOSED;
        failAll(unavailable("upstream '" + name + "' closed"));
        if (firstConnect != null) {
            firstConnect.tryFail(unavailable("upstream '" + name + "' closed before it was ready"));
        }
        return transport.close();
    }

    private void handshake() {
        if (preferStateless) {
            probeStateless();
        } else {
            initialize();
        }
    }

    /** {@code server/discover} first (a dual-era client's probe); anything but a 2026-07-28 answer falls back to initialize. */
    private void probeStateless() {
        ObjectNode meta = StatelessUpstream.metaFrom(initializeParams);
        UpstreamCall probe = newCall("server/discover", StatelessUpstream.discoverParams(meta), true);
        dispatch(probe);
        probe.response().onComplete(done -> {
            if (state == State.CLOSED) {
                return;
            }
            if (done.succeeded() && StatelessUpstream.servesStateless(done.result())) {
                statelessMeta = meta;
                transport.protocolVersion(ProtocolRevision.V2026_07_28.wireName());
                ready(StatelessUpstream.asInitializeResult((ObjectNode) done.result().get("result")));
            } else {
                LOG.debug("{}: server/discover found no 2026-07-28 server; initializing a session", name);
                initialize();
            }
        });
    }

    private void initialize() {
        // resendable: a lost initialize at worst leaves an upstream session nobody uses, to expire there,
        // while a session missing an upstream because a kept-alive connection closed is worse
        UpstreamCall init = newCall("initialize", initializeParams.deepCopy(), true);
        dispatch(init);
        init.response().onComplete(done -> {
            if (state == State.CLOSED) {
                return;
            }
            if (done.failed() || done.result().has("error")) {
                String why = done.failed() ? UpstreamFailures.message(done.cause()) : done.result().get("error").toString();
                LOG.warn("{}: initialize failed: {}", name, why);
                if (preferStateless) {
                    failConnect("upstream '" + name + "' rejected initialize: " + why);
                } else {
                    nameTheGapIfStatelessOnly(why);
                }
                return;
            }
            JsonNode result = done.result().get("result");
            if (!(result instanceof ObjectNode object)) {
                firstConnect.tryFail(unavailable("upstream '" + name + "' answered initialize without a result object"));
                return;
            }
            transport.protocolVersion(object.path("protocolVersion").asText());
            transport.send(JsonRpc.notification("notifications/initialized", null));
            ready(object);
        });
    }

    /**
     * A session was asked of an upstream that refused {@code initialize}: when it answers
     * {@code server/discover} it serves only 2026-07-28, and the failure says that Detour does not
     * bridge a session to such an upstream, rather than just "rejected".
     */
    private void nameTheGapIfStatelessOnly(String why) {
        String rejected = "upstream '" + name + "' rejected initialize: " + why;
        if (firstConnect.future().isComplete()) {
            failConnect(rejected);
            return;
        }
        UpstreamCall probe = newCall("server/discover",
                StatelessUpstream.discoverParams(StatelessUpstream.metaFrom(initializeParams)), true);
        dispatch(probe);
        // An upstream that does not answer an unknown method at all must not hold the session open for long.
        Scheduler.Cancellable bound = after(config.readyWait(), () -> {
            cancel(probe, "no answer to server/discover");
            failConnect(rejected);
        });
        probe.response().onComplete(done -> {
            bound.cancel();
            failConnect(done.succeeded() && StatelessUpstream.servesStateless(done.result())
                    ? "upstream '" + name + "' serves only 2026-07-28, and Detour does not bridge a 2025 session to a "
                            + "stateless-only upstream yet; connect to Detour with 2026-07-28 instead"
                    : rejected);
        });
    }

    private void failConnect(String message) {
        if (firstConnect.tryFail(unavailable(message))) {
            state = State.CLOSED;
            transport.close();
        }
    }

    private void ready(ObjectNode result) {
        initializeResult = result;
        state = State.READY;
        firstConnect.tryComplete(result);
        List<UpstreamCall> ready = new ArrayList<>(waiting);
        waiting.clear();
        for (UpstreamCall call : ready) {
            call.timer.cancel();
            dispatch(call);
        }
    }

    private UpstreamCall newCall(String method, ObjectNode params, boolean resendable) {
        UpstreamCall call = new UpstreamCall(method, params, resendable);
        call.id = nextId++;
        JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
        if (token != null && (token.isTextual() || token.isIntegralNumber())) {
            String key = token.toString();
            byProgressToken.put(key, call);
            call.response.future().onComplete(done -> byProgressToken.remove(key, call));
        }
        return call;
    }

    private void dispatch(UpstreamCall call) {
        pending.put(call.id, call);
        armRequestTimeout(call);
        transport.send(JsonRpc.request(LongNode.valueOf(call.id), call.method, call.params), call.resendable).onFailure(e -> {
            if (pending.remove(call.id) != null) {
                call.timer.cancel();
                call.response.tryFail(UpstreamFailures.asFailureOf(name, e, ErrorCategory.UPSTREAM_UNAVAILABLE));
            }
        });
    }

    private void onProgress(ObjectNode params) {
        JsonNode token = params.get("progressToken");
        UpstreamCall call = token == null ? null : byProgressToken.get(token.toString());
        if (call == null || !pending.containsKey(call.id)) {
            return;
        }
        if (call.progress != null) {
            call.progress.handle(params);
        }
    }

    private void armRequestTimeout(UpstreamCall call) {
        if ("subscriptions/listen".equals(call.method)) {
            // A listen stream lasts as long as its subscription; it is not a request that should have ended.
            return;
        }
        call.timer = after(config.requestTimeout(), () -> {
            if (pending.containsKey(call.id)) {
                // the TIMEOUT first: cancel() would fail the call as merely cancelled
                call.response.tryFail(UpstreamFailures.failure(name, ErrorCategory.TIMEOUT, "upstream '" + name
                        + "' did not answer " + call.method + " within " + config.requestTimeout().toMillis()
                        + " ms", SideEffects.UNKNOWN));
                cancel(call, "timed out after " + config.requestTimeout().toMillis() + " ms");
            }
        });
    }

    /** Runs {@code task} on the client's event loop once {@code delay} has passed on the scheduler's time. */
    private Scheduler.Cancellable after(Duration delay, Runnable task) {
        return scheduler.schedule(() -> context.runOnContext(v -> task.run()), delay);
    }

    private void failAll(ToolErrorException cause) {
        List<UpstreamCall> lost = new ArrayList<>(pending.values());
        pending.clear();
        lost.addAll(waiting);
        waiting.clear();
        for (UpstreamCall call : lost) {
            call.timer.cancel();
            call.response.tryFail(cause);
        }
    }

    private ToolErrorException unavailable(String message) {
        return UpstreamFailures.failure(name, ErrorCategory.UPSTREAM_UNAVAILABLE, message, SideEffects.NONE);
    }

    private static Long idOf(JsonNode id) {
        if (id == null) {
            return null;
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return id.longValue();
        }
        if (id.isTextual()) {
            try {
                return Long.parseLong(id.textValue());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private UpstreamCall callFor(JsonNode relatedRequestId) {
        Long id = idOf(relatedRequestId);
        return id == null ? null : pending.get(id);
    }

    private final class TransportReceiver implements UpstreamTransport.Receiver {

        @Override
        public void onMessage(ObjectNode message, JsonNode relatedRequestId) {
            try {
                dispatchInbound(message, relatedRequestId);
            } catch (RuntimeException e) {
                // A failing listener must not break the transport's stream for every later message.
                LOG.error("{}: handling an upstream message failed", name, e);
            }
        }

        private void dispatchInbound(ObjectNode message, JsonNode relatedRequestId) {
            JsonRpc.Kind kind;
            try {
                kind = JsonRpc.classify(message);
            } catch (JsonRpcException e) {
                LOG.warn("{}: dropped a malformed message: {}", name, e.getMessage());
                return;
            }
            switch (kind) {
                case RESPONSE -> {
                    Long id = idOf(message.get("id"));
                    UpstreamCall call = id == null ? null : pending.remove(id);
                    if (call == null) {
                        LOG.debug("{}: response to an unknown or finished request {}", name, message.get("id"));
                        return;
                    }
                    call.timer.cancel();
                    call.response.tryComplete(message);
                }
                case REQUEST -> {
                    if ("ping".equals(JsonRpc.method(message))) {
                        respond(message.get("id"), JsonRpc.MAPPER.createObjectNode()
                                .set("result", JsonRpc.MAPPER.createObjectNode()));
                        return;
                    }
                    listener.onServerRequest(UpstreamClient.this, message,
                            callFor(relatedRequestId) == null ? null : relatedRequestId);
                }
                case NOTIFICATION -> {
                    if ("notifications/progress".equals(JsonRpc.method(message))) {
                        onProgress(JsonRpc.params(message));
                    }
                    listener.onNotification(UpstreamClient.this, message,
                            callFor(relatedRequestId) == null ? null : relatedRequestId);
                }
            }
        }

        @Override
        public void onResponseStream(JsonNode requestId) {
            UpstreamCall call = callFor(requestId);
            if (call != null) {
                listener.onResponseStream(UpstreamClient.this, call.id);
            }
        }

        @Override
        public void onDisconnected(ToolErrorException cause) {
            if (state == State.CLOSED) {
                return;
            }
            LOG.warn("{}: disconnected: {}", name, cause.getMessage());
            state = State.RECONNECTING;
            List<UpstreamCall> lost = new ArrayList<>(pending.values());
            pending.clear();
            ToolErrorException tagged = UpstreamFailures.asFailureOf(name, cause, ErrorCategory.UPSTREAM_UNAVAILABLE);
            for (UpstreamCall call : lost) {
                call.timer.cancel();
                call.response.tryFail(tagged);
            }
            firstConnect.tryFail(tagged);
        }

        @Override
        public void onReconnected() {
            if (state == State.CLOSED) {
                return;
            }
            LOG.info("{}: reconnected; redoing the MCP handshake", name);
            handshake();
        }
    }

    /**
     * Completes once no request of this client is pending or waiting for the upstream — at once when
     * none is — or after {@code atMost}, whichever comes first. What a replaced or removed upstream's
     * session waits for before it is closed, so the calls still on it end normally.
     */
    public Future<Void> drained(Duration atMost) {
        Promise<Void> drained = Promise.promise();
        Scheduler.Cancellable timer = after(atMost, drained::tryComplete);
        drained.future().onComplete(done -> timer.cancel());
        awaitDrained(drained);
        return drained.future();
    }

    /** Waits for the requests open now, then looks again: one may have started meanwhile (a next page). */
    private void awaitDrained(Promise<Void> drained) {
        List<Future<ObjectNode>> open = new ArrayList<>();
        pending.values().forEach(call -> open.add(call.response()));
        waiting.forEach(call -> open.add(call.response()));
        if (open.isEmpty()) {
            drained.tryComplete();
        } else {
            Future.join(open).onComplete(ended -> {
                if (!drained.future().isComplete()) {
                    awaitDrained(drained);
                }
            });
        }
    }
}
