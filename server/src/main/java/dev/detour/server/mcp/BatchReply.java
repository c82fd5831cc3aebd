package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.identity.Principal;
import io.vertx.core.http.HttpServerResponse;

/** Collects the answers to a 2025-03-26 batch into one JSON array. */
final class BatchReply {
    private final HttpServerResponse response;
    private final ArrayNode answers = JsonRpc.MAPPER.createArrayNode();
    private final int expected;
    private final Principal principal;

    /** @param principal who sent the batch: every request in it runs as them */
    BatchReply(HttpServerResponse response, int expected, Principal principal) {
        this.response = response;
        this.expected = expected;
        this.principal = principal;
    }

    McpExchange slot(SessionStreams streams) {
        return new McpExchange() {
            private boolean open = true;

            @Override
            public Principal principal() {
                return principal;
            }

            @Override
            public boolean send(ObjectNode message) {
                return streams.sendUnrelated(message);
            }

            @Override
            public void openStream() {
                // A batch is answered as one JSON array.
            }

            @Override
            public void reply(ObjectNode message) {
                if (!open) {
                    return;
                }
                open = false;
                answers.add(message);
                if (answers.size() == expected && !response.closed()) {
                    response.setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(JsonRpc.encode(answers));
                }
            }

            @Override
            public boolean isOpen() {
                return open && !response.closed();
            }

            @Override
            public void onClientGone(Runnable action) {
                response.closeHandler(v -> action.run());
            }
        };
    }

    void ifOnlyNotifications() {
        if (expected == 0) {
            response.setStatusCode(202).end();
        }
    }
}
