package dev.detour.server.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client's open {@code subscriptions/listen} stream (2026-07-28): the SSE response read on a
 * virtual thread into a queue of messages; {@link #close()} closes the HTTP response, which is how a
 * client ends its subscription.
 */
public final class ListenStream implements AutoCloseable {

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;

    private ListenStream(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().start(this::read);
    }

    /** Opens a listen stream on {@code client}'s endpoint asking for {@code filter}. */
    public static ListenStream open(McpTestClient client, ObjectNode filter) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        params.set("notifications", filter);
        try {
            return new ListenStream(client.http().send(client.statelessRequest("subscriptions/listen", params,
                    JsonRpc.MAPPER.createObjectNode()), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new AssertionError("subscriptions/listen failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The next message within 10 s. */
    public JsonNode next() {
        return next(McpTestClient.TIMEOUT.toMillis());
    }

    /** The next message within {@code millis}, or null. */
    public JsonNode next(long millis) {
        try {
            return messages.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    messages.add(JsonRpc.parse(line.substring(5).trim().getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
