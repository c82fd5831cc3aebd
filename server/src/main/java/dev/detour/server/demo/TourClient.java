package dev.detour.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The tour's MCP client: plain Streamable HTTP over the JDK's HTTP client, so the tour talks to
 * Detour exactly as any agent's MCP client would (one session, JSON or SSE answers).
 */
final class TourClient {

    /** Each request's bound: 10 s, far above what any demo call takes. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PROTOCOL_VERSION = "2025-06-18";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final URI url;
    private final AtomicLong ids = new AtomicLong();
    private String sessionId;

    TourClient(String url) {
        this.url = URI.create(url);
    }

    /** Opens the session: {@code initialize}, then {@code notifications/initialized}. */
    JsonNode initialize() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "detour-demo-tour").put("version", "1.0");
        JsonNode result = request("initialize", params);
        post(JsonRpc.notification("notifications/initialized", null));
        return result;
    }

    /** {@code tools/call}; the {@code CallToolResult}. */
    JsonNode call(String tool, ObjectNode arguments) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return request("tools/call", params);
    }

    /**
     * {@code tools/call} with a {@code progressToken}; the {@code CallToolResult}, after handing the
     * {@code message} of every {@code notifications/progress} that came before it to {@code progress}.
     */
    JsonNode call(String tool, ObjectNode arguments, Consumer<String> progress) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        params.putObject("_meta").put("progressToken", "tour-" + ids.get());
        List<JsonNode> notifications = new ArrayList<>();
        JsonNode result = request("tools/call", params, notifications);
        notifications.stream().filter(n -> "notifications/progress".equals(n.path("method").asText()))
                .forEach(n -> progress.accept(n.path("params").path("message").asText()));
        return result;
    }

    /** A request's {@code result}. @throws IllegalStateException on a JSON-RPC error */
    JsonNode request(String method, ObjectNode params) {
        return request(method, params, new ArrayList<>());
    }

    private JsonNode request(String method, ObjectNode params, List<JsonNode> notifications) {
        JsonNode response = post(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(ids.incrementAndGet()), method, params),
                notifications);
        if (response == null || response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response);
        }
        return response.path("result");
    }

    private JsonNode post(ObjectNode message) {
        return post(message, new ArrayList<>());
    }

    /** Posts {@code message}; the response, with what came before it on an SSE stream added to {@code notifications}. */
    private JsonNode post(ObjectNode message, List<JsonNode> notifications) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JsonRpc.encodeToString(message)));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", PROTOCOL_VERSION);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url, e);
        }
        response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
        return response(response, notifications);
    }

    /** The JSON-RPC response in a JSON body or in an SSE stream (the last {@code data:} that is one). */
    private static JsonNode response(HttpResponse<String> response, List<JsonNode> notifications) {
        if (response.statusCode() == 202 || response.body().isEmpty()) {
            return null;
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            return JsonRpc.parse(response.body().getBytes(StandardCharsets.UTF_8));
        }
        JsonNode last = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data:")) {
                JsonNode message = JsonRpc.parse(line.substring(5).trim().getBytes(StandardCharsets.UTF_8));
                if (message.has("result") || message.has("error")) {
                    last = message;
                } else {
                    notifications.add(message);
                }
            }
        }
        return last;
    }
}
