package dev.detour.server.identity;

import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Who each HTTP request on one listener comes from: the authentication in front of the MCP endpoint
 * records the principal it validated, and the endpoint hands it to the exchange it builds for the
 * request. A request nobody recorded is {@link Principal#anonymous()}, which a policy grants nothing
 * unless a rule says so — unrecorded fails closed. Entries go with their request (weak keys, by
 * identity). Confined to the listener's event loop.
 */
public final class RequestPrincipals {

    private final Map<HttpServerRequest, Principal> byRequest = new WeakHashMap<>();

    /** Records who sent {@code request}. */
    public void put(HttpServerRequest request, Principal principal) {
        byRequest.put(request, principal);
    }

    /** Who sent {@code request}; anonymous when nobody recorded it. */
    public Principal of(HttpServerRequest request) {
        return byRequest.getOrDefault(request, Principal.anonymous());
    }
}
