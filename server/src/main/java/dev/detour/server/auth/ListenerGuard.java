package dev.detour.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.auth.Rejection.Reason;
import dev.detour.server.identity.Principal;
import dev.detour.server.identity.RequestPrincipals;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands in front of the MCP endpoint on its listener, in this order:
 *
 * <ol>
 *   <li>{@code GET /.well-known/oauth-protected-resource[/path]} — the RFC 9728 document, when {@code auth:} is set;
 *   <li>authentication ({@link Authenticator}): a request without a valid bearer token gets {@code 401} with
 *       {@code WWW-Authenticate: Bearer resource_metadata="…"} (and {@code error="invalid_token"} when one was sent);
 *       one without the required scopes gets {@code 403} with {@code error="insufficient_scope"} and every scope needed;
 *   <li>session binding: a session belongs to the principal whose {@code initialize} opened it; a request with
 *       another principal's token gets the {@code 404} an unknown session gets, so a stolen session id is worth
 *       nothing without its owner's token (a session this guard never saw open is left to the endpoint, which
 *       knows it no more than the guard does, except for an {@code initialize}, which opens a new one);
 *   <li>the per-session request cap: past it, {@code 429} until the client opens a new session;
 *   <li>the principal is recorded in {@link RequestPrincipals} and the request goes to the endpoint.
 * </ol>
 *
 * <p>Without {@code auth:} every request is {@link Principal#anonymous()} (loopback, or
 * {@code --insecure-no-auth}); binding and cap still apply. The client's {@code Authorization} header
 * is read here and nowhere else: nothing of it travels upstream. Confined to the listener's event loop.
 */
public final class ListenerGuard implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerGuard.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** Exactly what the endpoint answers for a session it does not know. */
    static final String SESSION_NOT_FOUND = "Session not found: it expired, was deleted, or was never issued; initialize again";
    /** Session bindings kept: far more sessions than one sidecar serves at once. */
    static final int MAX_BINDINGS = 100_000;

    private final Authenticator authenticator;
    private final Handler<HttpServerRequest> next;
    private final RequestPrincipals principals;
    private final long sessionRequestCap;
    private final Consumer<Rejected> onRejected;
    /**
     * Session id → its owner, most recently used last, at most {@link #MAX_BINDINGS}: no time-based
     * expiry, because a session with an open GET stream lives as long as it likes, and a binding must
     * not go before its session does. Deleted sessions are removed; expired ones age out.
     */
    private final Map<String, Binding> sessions = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Binding> eldest) {
            return size() > MAX_BINDINGS;
        }
    };

    /** A request refused before it reached the endpoint, for the audit log. */
    public record Rejected(Reason reason, String remoteAddress, String path) {}

    private static final class Binding {
        final String principal;
        long requests;

        Binding(String principal) {
            this.principal = principal;
        }
    }

    /**
     * @param authenticator     validates bearer tokens, or {@code null} when the listener has no {@code auth:}
     * @param next              the MCP endpoint
     * @param principals        where the validated principal of each request is recorded for the endpoint
     * @param sessionRequestCap requests one session may make; 0 for no cap
     * @param onRejected        told of every refused request (audit); must not block
     */
    public ListenerGuard(Authenticator authenticator, Handler<HttpServerRequest> next, RequestPrincipals principals, long sessionRequestCap,
            Consumer<Rejected> onRejected) {
        this.authenticator = authenticator;
        this.next = Objects.requireNonNull(next, "next");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.sessionRequestCap = sessionRequestCap;
        this.onRejected = onRejected == null ? r -> { } : onRejected;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (authenticator != null && path != null && path.startsWith(AuthConfig.METADATA_PATH)) {
            metadata(request);
            return;
        }
        if (authenticator == null) {
            admit(request, Principal.anonymous());
            return;
        }
        Future<Principal> authenticated = authenticator.authenticate(request.headers().getAll("Authorization"));
        if (authenticated.isComplete()) {
            decide(request, authenticated);
        } else {
            request.pause();
            authenticated.onComplete(done -> {
                decide(request, done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause()));
                request.resume();
            });
        }
    }

    private void decide(HttpServerRequest request, Future<Principal> authenticated) {
        if (authenticated.failed()) {
            Reason reason = authenticated.cause() instanceof Rejection r ? r.reason() : Reason.INVALID;
            if (!(authenticated.cause() instanceof Rejection)) {
                LOG.warn("authentication failed unexpectedly: {}", authenticated.cause().toString());
            }
            refuse(request, reason);
            return;
        }
        Principal principal = authenticated.result();
        if (!principal.scopes().containsAll(authenticator.config().requiredScopes())) {
            refuse(request, Reason.INSUFFICIENT_SCOPE);
            return;
        }
        admit(request, principal);
    }

    private void admit(HttpServerRequest request, Principal principal) {
        String sessionId = request.getHeader(SESSION_HEADER);
        Binding binding = sessionId == null ? null : sessions.get(sessionId);
        if (binding != null && !binding.principal.equals(principal.key())
                || binding == null && sessionId != null && request.method() != HttpMethod.POST) {
            // Another principal's session, or one this guard never saw open: the answer an unknown session gets.
            reply(request.response(), new JsonRpcException(JsonRpcException.SESSION_NOT_FOUND, SESSION_NOT_FOUND, 404, null));
            return;
        }
        if (binding != null) {
            if (sessionRequestCap > 0 && ++binding.requests > sessionRequestCap) {
                reply(request.response(), new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED, "Too Many Requests: this session made its "
                        + sessionRequestCap + " requests; DELETE it and initialize a new one", 429, null));
                return;
            }
            if (request.method() == HttpMethod.DELETE) {
                HttpServerResponse response = request.response();
                response.headersEndHandler(v -> {
                    if (response.getStatusCode() == 200) {
                        sessions.remove(sessionId);
                    }
                });
            }
        } else if (request.method() == HttpMethod.POST) {
            // Perhaps an initialize (a client may still send the header of a session it left): the session id
            // the endpoint issues is bound to this principal. Anything else the endpoint refuses as an unknown session.
            HttpServerResponse response = request.response();
            String owner = principal.key();
            response.headersEndHandler(v -> {
                String issued = response.headers().get(SESSION_HEADER);
                if (issued != null && response.getStatusCode() == 200 && !issued.equals(sessionId)) {
                    sessions.put(issued, new Binding(owner));
                }
            });
        }
        principals.put(request, principal);
        next.handle(request);
    }

    private void refuse(HttpServerRequest request, Reason reason) {
        onRejected.accept(new Rejected(reason, request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), request.path()));
        LOG.debug("refused {} {}: {}", request.method(), request.path(), reason);
        AuthConfig config = authenticator.config();
        StringBuilder challenge = new StringBuilder("Bearer ");
        int status;
        if (reason == Reason.INSUFFICIENT_SCOPE) {
            status = 403;
            challenge.append("error=\"insufficient_scope\", scope=\"").append(String.join(" ", new TreeSet<>(config.requiredScopes())))
                    .append("\", ");
        } else {
            status = 401;
            if (reason != Reason.MISSING) {
                challenge.append("error=\"").append(reason == Reason.MALFORMED ? "invalid_request" : "invalid_token").append("\", ")
                        .append("error_description=\"").append(reason.description()).append("\", ");
            } else if (!config.requiredScopes().isEmpty()) {
                challenge.append("scope=\"").append(String.join(" ", new TreeSet<>(config.requiredScopes()))).append("\", ");
            }
        }
        challenge.append("resource_metadata=\"").append(config.metadataUrl()).append('"');
        HttpServerResponse response = request.response();
        response.putHeader("WWW-Authenticate", challenge.toString());
        String message = status == 403 ? "Forbidden: " + reason.description() + " (needs " + String.join(" ", new TreeSet<>(config.requiredScopes())) + ")"
                : "Unauthorized: " + reason.description() + "; see " + config.metadataUrl();
        reply(response, new JsonRpcException(JsonRpcException.TRANSPORT_REJECTED, message, status, null));
    }

    private void metadata(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        AuthConfig config = authenticator.config();
        String path = request.path();
        if (!path.equals(config.metadataPath()) && !path.equals(AuthConfig.METADATA_PATH)) {
            response.setStatusCode(404).end();
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response.putHeader("Allow", "GET");
            response.setStatusCode(405).end();
            return;
        }
        response.setStatusCode(200).putHeader("Content-Type", "application/json")
                // metadata is public and fetched by browser-based clients too
                .putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Cache-Control", "max-age=300")
                .end(JsonRpc.encode(protectedResourceMetadata(config)));
    }

    /** The RFC 9728 document: resource, authorization servers, how to send the token, the scopes. */
    static ObjectNode protectedResourceMetadata(AuthConfig config) {
        ObjectNode doc = JsonRpc.MAPPER.createObjectNode().put("resource", config.resource().toString());
        ArrayNode servers = doc.putArray("authorization_servers");
        config.authorizationServers().forEach(s -> servers.add(s.toString()));
        doc.putArray("bearer_methods_supported").add("header");
        if (!config.requiredScopes().isEmpty()) {
            ArrayNode scopes = doc.putArray("scopes_supported");
            new TreeSet<>(config.requiredScopes()).forEach(scopes::add);
        }
        doc.put("resource_name", "Detour MCP gateway");
        return doc;
    }

    private static void reply(HttpServerResponse response, JsonRpcException fault) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(fault.httpStatus()).putHeader("Content-Type", "application/json")
                .end(JsonRpc.encode(JsonRpc.error(null, fault)));
    }
}
