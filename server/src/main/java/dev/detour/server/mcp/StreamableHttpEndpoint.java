package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.identity.Principal;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream MCP Streamable HTTP transport: {@code POST}, {@code GET} and {@code DELETE} on one
 * path, for the 2025-03-26, 2025-06-18 and 2025-11-25 revisions (sessions) and the stateless
 * 2026-07-28 revision, told apart per request.
 *
 * <p>A POST is stateless (2026-07-28) when its {@code MCP-Protocol-Version} header or its
 * {@code params._meta["io.modelcontextprotocol/protocolVersion"]} names 2026-07-28; otherwise it
 * belongs to a session. Every protocol fault gets a JSON-RPC error that names the problem, with the
 * HTTP status the spec asks for (see docs/mcp-proxy.md). Confined to one event loop.
 */
public final class StreamableHttpEndpoint implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpEndpoint.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    private final McpEndpointConfig config;
    private final OriginValidator origins;
    private final Sessions sessions;
    private final McpServer server;
    private final Function<HttpServerRequest, Principal> principals;

    public StreamableHttpEndpoint(McpEndpointConfig config, Sessions sessions, McpServer server) {
        this(config, sessions, server, request -> Principal.anonymous());
    }

    /** @param principals who sent each request, as the authentication in front of the endpoint recorded it */
    public StreamableHttpEndpoint(McpEndpointConfig config, Sessions sessions, McpServer server,
            Function<HttpServerRequest, Principal> principals) {
        this.principals = principals;
        this.config = config;
        this.origins = new OriginValidator(config.allowedOrigins(), true, config.loopbackBound());
        this.sessions = sessions;
        this.server = server;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (!request.path().equals(config.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        Optional<String> rejection = origins.rejection(request.getHeader("Origin"), request.authority() == null
                ? request.getHeader("Host") : request.authority().toString());
        if (rejection.isPresent()) {
            fail(request.response(), new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Forbidden: " + rejection.get(), 403, null), null);
            return;
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.POST) {
            readBody(request);
        } else if (method == HttpMethod.GET) {
            openStandaloneStream(request);
        } else if (method == HttpMethod.DELETE) {
            deleteSession(request);
        } else {
            request.response().putHeader("Allow", "GET, POST, DELETE");
            fail(request.response(), new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Method Not Allowed: " + method.name() + " (use POST, GET or DELETE)", 405, null), null);
        }
    }

    private void readBody(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        String accept = request.getHeader("Accept");
        if (accept != null && !accepts(accept, "application/json") && !accepts(accept, "text/event-stream")) {
            fail(response, new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Not Acceptable: Accept must list application/json and text/event-stream", 406, null), null);
            return;
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            fail(response, new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Unsupported Media Type: Content-Type must be application/json", 415, null), null);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > config.maxBodyBytes()) {
            tooLarge(request);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        request.exceptionHandler(e -> LOG.debug("request body aborted: {}", e.getMessage()));
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > config.maxBodyBytes()) {
                rejected[0] = true;
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!rejected[0]) {
                onPost(request, body, accept == null || accepts(accept, "text/event-stream"));
            }
        });
    }

    private void tooLarge(HttpServerRequest request) {
        // Closing the connection after the answer stops the client from streaming the rest of the body.
        request.response().putHeader("Connection", "close");
        fail(request.response(), new JsonRpcException(JsonRpcException.INVALID_REQUEST,
                "Payload Too Large: the body exceeds " + config.maxBodyBytes() + " bytes", 413, null), null);
    }

    private void onPost(HttpServerRequest request, Buffer body, boolean streamAccepted) {
        HttpServerResponse response = request.response();
        JsonNode parsed;
        try {
            parsed = JsonRpc.parse(body);
        } catch (JsonRpcException fault) {
            fail(response, fault, null);
            return;
        }
        if (parsed.isArray()) {
            onBatch(request, (ArrayNode) parsed);
            return;
        }
        JsonRpc.Kind kind;
        try {
            kind = JsonRpc.classify(parsed);
        } catch (JsonRpcException fault) {
            fail(response, fault, readableId(parsed));
            return;
        }
        ObjectNode message = (ObjectNode) parsed;
        String headerVersion = request.getHeader(VERSION_HEADER);
        if (StatelessRequests.isStateless(message, headerVersion, request.getHeader(SESSION_HEADER))) {
            onStateless(request, message, kind, streamAccepted);
            return;
        }
        if (headerVersion != null && ProtocolRevision.fromWire(headerVersion).isEmpty()) {
            fail(response, JsonRpcException.badRequest(JsonRpcException.TRANSPORT_REJECTED,
                    "Bad Request: unsupported MCP-Protocol-Version '" + headerVersion + "' (supported: "
                            + String.join(", ", ProtocolRevision.wireNames()) + ")"), message.get("id"));
            return;
        }
        if (kind == JsonRpc.Kind.REQUEST && "initialize".equals(JsonRpc.method(message))) {
            initialize(response, message);
            return;
        }
        Optional<Sessions.Entry> entry = session(request, message.get("id"));
        if (entry.isEmpty()) {
            return;
        }
        dispatch(entry.get(), message, kind, response, streamAccepted, principals.apply(request));
    }

    private void dispatch(Sessions.Entry entry, ObjectNode message, JsonRpc.Kind kind, HttpServerResponse response,
            boolean streamAccepted, Principal principal) {
        switch (kind) {
            case REQUEST -> entry.session().onRequest(message,
                    new PostExchange(response, streamAccepted, entry.streams(), principal));
            case NOTIFICATION -> {
                accepted(response);
                entry.session().onNotification(message);
            }
            case RESPONSE -> {
                accepted(response);
                entry.session().onResponse(message);
            }
        }
    }

    private void initialize(HttpServerResponse response, ObjectNode message) {
        JsonNode id = message.get("id");
        JsonNode requested = message.path("params").get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            fail(response, JsonRpcException.inExchange(JsonRpcException.INVALID_PARAMS,
                    "Invalid params: initialize needs 'params.protocolVersion' as a string"), id);
            return;
        }
        ProtocolRevision revision = ProtocolRevision.negotiate(requested.textValue());
        String sessionId = sessions.newId();
        SessionStreams streams = new SessionStreams();
        server.openSession(sessionId, message, revision, streams).onComplete(opened -> {
            if (opened.failed()) {
                LOG.warn("initialize failed: {}", opened.cause().getMessage());
                fail(response, JsonRpcException.inExchange(JsonRpcException.INTERNAL_ERROR,
                        "Internal error: the session could not be opened: " + opened.cause().getMessage()), id);
                return;
            }
            sessions.add(sessionId, opened.result().session(), revision, streams);
            ObjectNode result = opened.result().initializeResult();
            result.put("protocolVersion", revision.wireName());
            if (response.closed()) {
                sessions.remove(sessionId);
                return;
            }
            response.setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(SESSION_HEADER, sessionId)
                    .end(JsonRpc.encode(JsonRpc.result(id, result)));
        });
    }

    private void onStateless(HttpServerRequest request, ObjectNode message, JsonRpc.Kind kind, boolean streamAccepted) {
        HttpServerResponse response = request.response();
        JsonNode id = message.get("id");
        if (kind == JsonRpc.Kind.RESPONSE) {
            fail(response, JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: 2026-07-28 has no server-to-client requests to answer"), id);
            return;
        }
        if (kind == JsonRpc.Kind.NOTIFICATION) {
            // 2026-07-28 defines no client notifications over HTTP, nor header rules for them: accepted as they are.
            accepted(response);
            server.onStatelessNotification(message);
            return;
        }
        Optional<JsonRpcException> rejection = StatelessRequests.rejection(message, request.getHeader(VERSION_HEADER),
                request.getHeader(METHOD_HEADER), request.getHeader(NAME_HEADER));
        if (rejection.isPresent()) {
            fail(response, rejection.get(), id);
            return;
        }
        server.onStatelessRequest(message, new PostExchange(response, streamAccepted, null, principals.apply(request)));
    }

    private void onBatch(HttpServerRequest request, ArrayNode batch) {
        HttpServerResponse response = request.response();
        String headerVersion = request.getHeader(VERSION_HEADER);
        if (batch.isEmpty()) {
            fail(response, JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: the batch is empty"), null);
            return;
        }
        List<JsonRpc.Kind> kinds = new ArrayList<>(batch.size());
        for (JsonNode element : batch) {
            try {
                kinds.add(JsonRpc.classify(element));
            } catch (JsonRpcException fault) {
                fail(response, fault, readableId(element));
                return;
            }
            if ("initialize".equals(JsonRpc.method(element))) {
                fail(response, JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                        "Invalid Request: initialize must not be part of a batch"), element.get("id"));
                return;
            }
        }
        Optional<Sessions.Entry> found = session(request, null);
        if (found.isEmpty()) {
            return;
        }
        Sessions.Entry entry = found.get();
        ProtocolRevision revision = headerVersion == null ? entry.revision()
                : ProtocolRevision.fromWire(headerVersion).orElse(entry.revision());
        if (revision != ProtocolRevision.V2025_03_26) {
            fail(response, JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: JSON-RPC batches exist only in 2025-03-26; this session speaks "
                            + revision.wireName()), null);
            return;
        }
        BatchReply reply = new BatchReply(response, (int) kinds.stream().filter(k -> k == JsonRpc.Kind.REQUEST).count(),
                principals.apply(request));
        for (int i = 0; i < batch.size(); i++) {
            ObjectNode message = (ObjectNode) batch.get(i);
            switch (kinds.get(i)) {
                case REQUEST -> entry.session().onRequest(message, reply.slot(entry.streams()));
                case NOTIFICATION -> entry.session().onNotification(message);
                case RESPONSE -> entry.session().onResponse(message);
            }
        }
        reply.ifOnlyNotifications();
    }

    private void openStandaloneStream(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (ProtocolRevision.V2026_07_28.wireName().equals(request.getHeader(VERSION_HEADER))) {
            response.putHeader("Allow", "POST");
            fail(response, new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Method Not Allowed: 2026-07-28 has no GET stream (use subscriptions/listen)", 405, null), null);
            return;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || !accepts(accept, "text/event-stream")) {
            fail(response, new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Not Acceptable: a GET stream needs Accept: text/event-stream", 406, null), null);
            return;
        }
        Optional<Sessions.Entry> entry = session(request, null);
        if (entry.isEmpty()) {
            return;
        }
        SessionStreams streams = entry.get().streams();
        if (streams.hasStandalone()) {
            fail(response, new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED,
                    "Conflict: this session already has a GET stream open", 409, null), null);
            return;
        }
        streams.openStandalone(response);
    }

    private void deleteSession(HttpServerRequest request) {
        Optional<Sessions.Entry> entry = session(request, null);
        if (entry.isEmpty()) {
            return;
        }
        sessions.remove(entry.get().id());
        request.response().setStatusCode(200).end();
    }

    /** Finds the request's session, or answers 400 / 404 and returns empty. */
    private Optional<Sessions.Entry> session(HttpServerRequest request, JsonNode id) {
        String sessionId = request.getHeader(SESSION_HEADER);
        if (sessionId == null) {
            fail(request.response(), JsonRpcException.badRequest(JsonRpcException.TRANSPORT_REJECTED,
                    "Bad Request: Mcp-Session-Id header is required (send initialize first)"), id);
            return Optional.empty();
        }
        Optional<Sessions.Entry> entry = sessions.touch(sessionId);
        if (entry.isEmpty()) {
            fail(request.response(), new JsonRpcException(JsonRpcException.SESSION_NOT_FOUND,
                    "Session not found: it expired, was deleted, or was never issued; initialize again", 404, null),
                    id);
        }
        return entry;
    }

    private static void accepted(HttpServerResponse response) {
        response.setStatusCode(202).end();
    }

    static void fail(HttpServerResponse response, JsonRpcException fault, JsonNode id) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(fault.httpStatus())
                .putHeader("Content-Type", "application/json")
                .end(JsonRpc.encode(JsonRpc.error(id, fault)));
    }

    private static JsonNode readableId(JsonNode message) {
        JsonNode id = message.isObject() ? message.get("id") : null;
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    private static boolean accepts(String accept, String type) {
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains(type) || lower.contains("*/*");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
