package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * What the Streamable HTTP endpoint serves: it opens sessions for the 2025 revisions and answers
 * stateless 2026-07-28 requests. The endpoint owns the transport rules (headers, sessions, streams);
 * implementations own the messages. Called on the endpoint's event loop; must not block.
 */
public interface McpServer {

    /**
     * Opens a session for an {@code initialize} request.
     *
     * @param sessionId  the id the client will echo
     * @param initialize the client's {@code initialize} request, untouched
     * @param revision   the revision negotiated with the client
     * @param streams    the session's way to reach the client outside a request
     * @return the session and the {@code InitializeResult} to answer with
     */
    Future<OpenedSession> openSession(String sessionId, ObjectNode initialize, ProtocolRevision revision,
            SessionStreams streams);

    /** A stateless (2026-07-28) request; the answer goes to {@code exchange}. */
    void onStatelessRequest(ObjectNode request, McpExchange exchange);

    /** A stateless (2026-07-28) notification. */
    void onStatelessNotification(ObjectNode notification);

    /** Releases everything; called once on shutdown, after the endpoint stopped accepting. */
    Future<Void> close();

    /**
     * @param session          the new session
     * @param initializeResult the {@code result} of the {@code initialize} response
     */
    record OpenedSession(McpSession session, ObjectNode initializeResult) {}
}
