package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * The server side of one MCP session (2025 revisions), driven by the Streamable HTTP endpoint on its
 * event loop. Implementations must not block.
 */
public interface McpSession {

    /** A client request; the answer goes to {@code exchange}. */
    void onRequest(ObjectNode request, McpExchange exchange);

    /** A client notification (already acknowledged with 202). */
    void onNotification(ObjectNode notification);

    /** A client response to a request the server sent (already acknowledged with 202). */
    void onResponse(ObjectNode response);

    /** Ends the session (DELETE, idle expiry, shutdown) and releases what it holds upstream. */
    Future<Void> close();
}
