package dev.detour.server.upstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolErrorException;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.ProtocolRevision;
import dev.detour.server.mcp.StatelessRequests;
import dev.detour.server.secret.UpstreamAuthorization;
import dev.detour.server.secret.UpstreamCredentials;
import dev.detour.server.upstream.UpstreamFailures;
import dev.detour.server.upstream.UpstreamTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP Streamable HTTP client transport: each message is a POST; a request's answer comes back as
 * JSON or as an SSE stream that may carry related messages first; a GET stream, when the server
 * offers one, carries the rest. The upstream's {@code Mcp-Session-Id} is captured from the
 * {@code initialize} response and sent on every later request, with {@code MCP-Protocol-Version}.
 * A response stream that closes before the answer is resumed with {@code Last-Event-ID} when the
 * server gave event ids (2025-11-25 polling). A 404 on an established session (the upstream
 * restarted) fails that call and opens a new upstream session. Confined to the caller's event loop.
 */
public final class HttpUpstreamTransport implements UpstreamTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpUpstreamTransport.class);
    /** Resumption attempts for one response stream before the request is given up. */
    static final int MAX_RESUMES = 5;
    /** Wait before reopening a dropped GET stream when the server gave no {@code retry}. */
    static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    /*
     * The headers every POST carries, encoded to ASCII once: Vert.x validates and Netty writes such names
     * and values byte by byte, where a String is checked char by char, twice per request (the options,
     * then the request they are copied into) — the top Vert.x frame in the proxy's profile.
     */
    private static final CharSequence SESSION_ID = HttpHeaders.createOptimized("Mcp-Session-Id");
    private static final CharSequence PROTOCOL_VERSION = HttpHeaders.createOptimized("MCP-Protocol-Version");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence JSON_OR_SSE = HttpHeaders.createOptimized("application/json, text/event-stream");

    private final HttpClient client;
    private final HttpClient streams;
    private final Vertx vertx;
    private final URI url;
    private final String name;
    private final boolean ssl;
    private final String host;
    private final int port;
    private final String requestUri;
    private final UpstreamAuthorization authorization;
    private Receiver receiver;
    private String sessionId;
    private String protocolVersion;
    private boolean closed;
    private final StandaloneStream standalone;
    private boolean renewing;
    /** POSTs whose answer has not ended, by request id: what {@link #abort} closes. */
    private final Map<String, HttpClientRequest> inFlight = new HashMap<>();

    /**
     * @param client  a shared Vert.x HTTP client for requests
     * @param streams a shared client for long-lived GET streams, so they never take the connections
     *     requests need
     * @param url    the upstream MCP endpoint
     * @param name   the upstream's name, for errors
     */
    public HttpUpstreamTransport(HttpClient client, HttpClient streams, Vertx vertx, URI url, String name) {
        this(client, streams, vertx, url, name, new UpstreamAuthorization(name, UpstreamCredentials.NONE, client, () -> 0L));
    }

    /**
     * @param authorization Detour's own credentials for this upstream (headers, an OAuth token), put
     *     on every request; nothing of the client's request headers is ever sent
     */
    public HttpUpstreamTransport(HttpClient client, HttpClient streams, Vertx vertx, URI url, String name,
            UpstreamAuthorization authorization) {
        this.authorization = authorization;
        this.client = client;
        this.streams = streams;
        this.vertx = vertx;
        this.url = url;
        this.name = name;
        this.ssl = "https".equals(url.getScheme());
        String rawHost = url.getHost();
        this.host = rawHost.startsWith("[") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        this.port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.requestUri = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        this.standalone = new StandaloneStream(streams, vertx, name,
                () -> authorization.apply(options(HttpMethod.GET).putHeader("Accept", "text/event-stream").setIdleTimeout(0)),
                message -> receiver.onMessage(message, null));
    }

    @Override
    public Future<Void> start(Receiver newReceiver) {
        this.receiver = newReceiver;
        return Future.succeededFuture();
    }

    @Override
    public void protocolVersion(String version) {
        this.protocolVersion = version;
        this.renewing = false;
        if (ProtocolRevision.V2026_07_28.wireName().equals(version)) {
            // 2026-07-28 has no GET stream: change notifications come on subscriptions/listen streams.
            standalone.notOffered();
            return;
        }
        // After initialize: listen for server-initiated messages, once the initialized notification is out.
        vertx.runOnContext(v -> standalone.open());
    }

    /** Closes the POST that carries request {@code requestId}: on 2026-07-28 that is how a request is cancelled. */
    @Override
    public void abort(JsonNode requestId) {
        HttpClientRequest request = inFlight.remove(JsonRpc.key(requestId));
        if (request != null) {
            request.reset();
        }
    }

    /**
     * A 2026-07-28 request (its {@code _meta} names a protocol version) mirrors that version, its method
     * and its name into the headers the revision requires, and belongs to no session.
     */
    private static RequestOptions withStatelessHeaders(RequestOptions options, ObjectNode message) {
        JsonNode version = message.path("params").path("_meta").get(ProtocolRevision.META_PROTOCOL_VERSION);
        if (version == null || !version.isTextual() || !message.has("method")) {
            return options;
        }
        options.removeHeader(SESSION_ID);
        options.putHeader(PROTOCOL_VERSION, version.textValue());
        options.putHeader("Mcp-Method", JsonRpc.method(message));
        String name = StatelessRequests.mirroredName(message);
        if (name != null) {
            options.putHeader("Mcp-Name", StatelessRequests.encodeHeader(name));
        }
        return options;
    }

    @Override
    public Future<Void> send(ObjectNode message) {
        return send(message, false);
    }

    @Override
    public Future<Void> send(ObjectNode message, boolean resendable) {
        if (closed) {
            return Future.failedFuture(failure(ErrorCategory.UPSTREAM_UNAVAILABLE, "transport closed", SideEffects.NONE));
        }
        JsonNode id = message.has("method") ? message.get("id") : null;
        boolean initialize = "initialize".equals(JsonRpc.method(message));
        boolean listen = id != null && "subscriptions/listen".equals(JsonRpc.method(message));
        RequestOptions options = withStatelessHeaders(options(HttpMethod.POST), message)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.ACCEPT, JSON_OR_SSE);
        if (listen) {
            options.setIdleTimeout(0);
        }
        Promise<Void> done = Promise.promise();
        authorization.apply(options).onComplete(ready -> {
            if (ready.failed()) {
                done.tryFail(failure(ErrorCategory.UPSTREAM_UNAVAILABLE, ready.cause().getMessage(), SideEffects.NONE));
            } else {
                post(options, message, resendable, initialize, listen, id, done);
            }
        });
        return done.future();
    }

    private void post(RequestOptions options, ObjectNode message, boolean resendable, boolean initialize, boolean listen, JsonNode id,
            Promise<Void> done) {
        String key = id == null ? null : JsonRpc.key(id);
        // A listen stream lasts as long as its subscription: it takes a connection of the stream pool.
        (listen ? streams : client).request(options)
                .compose(request -> {
                    if (key != null) {
                        inFlight.put(key, request);
                        done.future().onComplete(ended -> inFlight.remove(key, request));
                    }
                    return request.send(JsonRpc.encode(message));
                })
                .onFailure(e -> {
                    if (e instanceof HttpClosedException && resendable) {
                        LOG.debug("{}: the connection closed before an answer to {}; sending it again on another", name, JsonRpc.method(message));
                        send(message, false).onComplete(done);
                    } else {
                        done.tryFail(failure(ErrorCategory.UPSTREAM_UNAVAILABLE, "POST " + url + " failed: " + e.getMessage(), SideEffects.UNKNOWN));
                    }
                })
                .onSuccess(response -> {
                    if (initialize && response.getHeader("Mcp-Session-Id") != null) {
                        sessionId = response.getHeader("Mcp-Session-Id");
                    }
                    if (listen && status200Json(response)) {
                        readJsonLines(response, id, done);
                    } else {
                        onPostResponse(response, id, done);
                    }
                });
    }

    private static boolean status200Json(HttpClientResponse response) {
        String type = response.getHeader("Content-Type");
        return response.statusCode() == 200 && type != null && type.startsWith("application/json");
    }

    /**
     * A {@code subscriptions/listen} stream some servers send as newline-delimited JSON instead of SSE:
     * every complete line is one message, delivered as it arrives.
     */
    private void readJsonLines(HttpClientResponse response, JsonNode requestId, Promise<Void> done) {
        Buffer[] pending = {Buffer.buffer()};
        boolean[] answered = {false};
        response.handler(chunk -> {
            Buffer lines = pending[0].appendBuffer(chunk);
            int start = 0;
            for (int i = 0; i < lines.length(); i++) {
                if (lines.getByte(i) == '\n') {
                    answered[0] |= deliverLine(lines.getBuffer(start, i), requestId);
                    start = i + 1;
                }
            }
            pending[0] = lines.getBuffer(start, lines.length());
        });
        response.exceptionHandler(e -> done.tryFail(failure(ErrorCategory.TRANSIENT,
                "the listen stream broke: " + e.getMessage(), SideEffects.UNKNOWN)));
        response.endHandler(v -> {
            answered[0] |= deliverLine(pending[0], requestId);
            if (answered[0]) {
                done.tryComplete();
            } else {
                done.tryFail(failure(ErrorCategory.TRANSIENT, "the listen stream ended before its result", SideEffects.NONE));
            }
        });
    }

    private void onPostResponse(HttpClientResponse response, JsonNode requestId, Promise<Void> done) {
        int status = response.statusCode();
        String type = response.getHeader("Content-Type");
        if (status == 401) {
            authorization.rejected();
        }
        if (status == 202 || status == 204) {
            response.body();
            done.tryComplete();
            return;
        }
        if (status == 404 && sessionId != null) {
            response.body();
            ToolErrorException expired = failure(ErrorCategory.UPSTREAM_UNAVAILABLE,
                    "the upstream session expired (HTTP 404); opening a new one", SideEffects.NONE);
            done.tryFail(expired);
            sessionExpired(expired);
            return;
        }
        if (type != null && type.startsWith("text/event-stream") && status == 200) {
            if (requestId != null) {
                receiver.onResponseStream(requestId);
            }
            readStream(response, requestId, done, 0);
            return;
        }
        response.body().onComplete(body -> {
            if (body.failed()) {
                done.tryFail(failure(ErrorCategory.TRANSIENT, "reading the response failed: " + body.cause().getMessage(),
                        SideEffects.UNKNOWN));
                return;
            }
            boolean answered = deliverJson(body.result(), requestId);
            if (requestId == null || answered) {
                done.tryComplete();
            } else {
                ErrorCategory category = status == 429 ? ErrorCategory.RATE_LIMITED
                        : status >= 500 ? ErrorCategory.TRANSIENT : ErrorCategory.INTERNAL;
                done.tryFail(failure(category, "HTTP " + status + " without a JSON-RPC answer",
                        status >= 500 ? SideEffects.UNKNOWN : SideEffects.NONE));
            }
        });
    }

    private boolean deliverLine(Buffer line, JsonNode requestId) {
        return !line.toString(StandardCharsets.UTF_8).isBlank() && deliverJson(line, requestId);
    }

    /** Delivers a JSON body (one message or a batch); true if it held the answer to {@code requestId}. */
    private boolean deliverJson(Buffer body, JsonNode requestId) {
        if (body.length() == 0) {
            return false;
        }
        JsonNode parsed;
        try {
            parsed = JsonRpc.parse(body);
        } catch (JsonRpcException e) {
            LOG.warn("{}: unparseable response body: {}", name, e.getMessage());
            return false;
        }
        boolean answered = false;
        for (JsonNode message : parsed.isArray() ? parsed : List.of(parsed)) {
            if (message instanceof ObjectNode object) {
                if (requestId != null && object.has("error") && object.path("id").isNull()) {
                    // An HTTP-level rejection answers our request even though the server could not read its id.
                    object.set("id", requestId);
                }
                answered |= isAnswerTo(object, requestId);
                receiver.onMessage(object, requestId);
            }
        }
        return answered;
    }

    private void readStream(HttpClientResponse response, JsonNode requestId, Promise<Void> done, int resumes) {
        boolean[] answered = {false};
        SseParser parser = new SseParser(event -> {
            if (event.data().isEmpty()) {
                return;
            }
            try {
                JsonNode parsed = JsonRpc.parse(event.data().getBytes(StandardCharsets.UTF_8));
                if (parsed instanceof ObjectNode object) {
                    answered[0] |= isAnswerTo(object, requestId);
                    receiver.onMessage(object, requestId);
                }
            } catch (JsonRpcException e) {
                LOG.warn("{}: unparseable SSE event: {}", name, e.getMessage());
            }
        });
        response.handler(chunk -> {
            try {
                parser.feed(chunk);
            } catch (IllegalStateException e) {
                response.request().reset();
                done.tryFail(failure(ErrorCategory.INTERNAL, e.getMessage(), SideEffects.UNKNOWN));
            }
        });
        response.exceptionHandler(e -> done.tryFail(failure(ErrorCategory.TRANSIENT,
                "the response stream broke: " + e.getMessage(), SideEffects.UNKNOWN)));
        response.endHandler(v -> {
            if (answered[0] || requestId == null) {
                done.tryComplete();
            } else if (parser.lastEventId() != null && resumes < MAX_RESUMES && !closed) {
                long delay = Math.max(0, parser.retryMillis());
                vertx.setTimer(Math.max(1, delay), t -> resume(parser.lastEventId(), requestId, done, resumes + 1));
            } else {
                done.tryFail(failure(ErrorCategory.TRANSIENT,
                        "the response stream ended before the answer", SideEffects.UNKNOWN));
            }
        });
    }

    private void resume(String lastEventId, JsonNode requestId, Promise<Void> done, int resumes) {
        RequestOptions options = options(HttpMethod.GET)
                .putHeader("Accept", "text/event-stream")
                .putHeader("Last-Event-ID", lastEventId);
        authorization.apply(options).compose(streams::request).compose(HttpClientRequest::send).onComplete(result -> {
            if (result.failed() || result.result().statusCode() != 200) {
                done.tryFail(failure(ErrorCategory.TRANSIENT, "resuming the response stream failed",
                        SideEffects.UNKNOWN));
                return;
            }
            readStream(result.result(), requestId, done, resumes);
        });
    }

    /**
     * The upstream forgot our session (it restarted, or expired it): start over with a new session,
     * the way the spec tells clients to, instead of failing every later call.
     */
    private void sessionExpired(ToolErrorException cause) {
        if (renewing) {
            return;
        }
        renewing = true;
        sessionId = null;
        protocolVersion = null;
        standalone.reset();
        receiver.onDisconnected(cause);
        receiver.onReconnected();
    }

    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        standalone.close();
        if (sessionId == null) {
            return Future.succeededFuture();
        }
        return authorization.apply(options(HttpMethod.DELETE).setTimeout(2000)).compose(client::request)
                .compose(HttpClientRequest::send)
                .compose(HttpClientResponse::body)
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    private RequestOptions options(HttpMethod method) {
        // Host, port and path are set from the URI parsed once, not re-parsed per request.
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port)
                .setURI(requestUri).setSsl(ssl);
        if (sessionId != null) {
            options.putHeader(SESSION_ID, sessionId);
        }
        if (protocolVersion != null) {
            options.putHeader(PROTOCOL_VERSION, protocolVersion);
        }
        return options;
    }

    private static boolean isAnswerTo(ObjectNode message, JsonNode requestId) {
        return requestId != null && !message.has("method") && JsonRpc.sameId(requestId, message.get("id"));
    }

    private ToolErrorException failure(ErrorCategory category, String message, SideEffects sideEffects) {
        return UpstreamFailures.failure(name, category, "upstream '" + name + "': " + message, sideEffects);
    }
}
