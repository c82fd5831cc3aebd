package dev.detour.server.identity;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * What stands in front of the MCP endpoint on its listener — authentication, in {@code detour
 * serve}: it sees every request first, records the principal of those it lets through in
 * {@link RequestPrincipals}, and hands them to the endpoint. Built on the endpoint's event loop as
 * the listener starts.
 */
@FunctionalInterface
public interface EndpointFront {

    /** Nothing in front: every request reaches the endpoint as {@link Principal#anonymous()}. */
    EndpointFront NONE = (endpoint, principals) -> endpoint;

    /** The listener's handler, given the endpoint's and where principals go. */
    Handler<HttpServerRequest> wrap(Handler<HttpServerRequest> endpoint, RequestPrincipals principals);
}
