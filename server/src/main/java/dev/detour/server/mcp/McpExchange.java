package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.identity.Principal;

/**
 * The way back to the client for one downstream JSON-RPC request: its final response, and the
 * requests and notifications related to it (progress, logging, sampling …) that the transport may
 * deliver before the response. Confined to the endpoint's event loop.
 */
public interface McpExchange {

    /**
     * Who sent the request: the principal authentication validated for it, or
     * {@link Principal#anonymous()} on a listener without {@code auth:}. Abstract on purpose: a wrapper
     * that forgot to pass it on would otherwise run the call as someone else.
     */
    Principal principal();

    /**
     * Delivers a request or notification related to this request.
     *
     * @return false when this exchange cannot carry it (already answered, client gone, or the client
     *     does not accept a stream); the caller then uses the session's other streams
     */
    boolean send(ObjectNode message);

    /**
     * Switches to an SSE response now, when the client accepts one, so the answer takes the form the
     * upstream chose; otherwise nothing changes.
     */
    void openStream();

    /** Delivers the final response and ends the exchange; later calls are ignored. */
    void reply(ObjectNode response);

    /** True until the response was sent or the client went away. */
    boolean isOpen();

    /**
     * Runs {@code action} if the client disconnects before the response. Under the 2025 revisions this
     * is not a cancellation; under 2026-07-28 it is.
     */
    void onClientGone(Runnable action);
}
