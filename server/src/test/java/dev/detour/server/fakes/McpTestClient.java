package dev.detour.server.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking Streamable HTTP test client built on the JDK's HTTP client, independent of the code under
 * test. Every call has a 10 s bound.
 */
public final class McpTestClient {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final URI url;
    private final AtomicLong ids = new AtomicLong(1);
    private String sessionId;
    private String version;

    public McpTestClient(String url) {
        this.url = URI.create(url);
    }

    /** One HTTP answer. */
    public record Reply(int status, HttpHeaders headers, String body) {

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The JSON-RPC messages in the body (one JSON value, or every SSE {@code data:} line). */
        public List<JsonNode> messages() {
            List<JsonNode> messages = new ArrayList<>();
            if (contentType().startsWith("text/event-stream")) {
                for (String line : body.split("\n")) {
                    if (line.startsWith("data:") && line.length() > 5) {
                        messages.add(JsonRpc.parse(line.substring(5).trim().getBytes()));
                    }
                }
            } else if (!body.isEmpty()) {
                messages.add(JsonRpc.parse(body.getBytes()));
            }
            return messages;
        }

        /** The single JSON body, or the SSE message that is a response. */
        public JsonNode response() {
            return messages().stream().filter(m -> m.has("result") || m.has("error")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no response in: " + body));
        }
    }

    public String sessionId() {
        return sessionId;
    }

    public void sessionId(String value) {
        this.sessionId = value;
    }

    /** Initializes with {@code protocolVersion} and sends {@code notifications/initialized}. */
    public Reply initialize(String protocolVersion) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", protocolVersion);
        params.putObject("capabilities").putObject("sampling");
        params.putObject("clientInfo").put("name", "test-client").put("version", "1.0");
        Reply reply = post(JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(0L),
                "initialize", params)), Map.of());
        sessionId = reply.headers().firstValue("Mcp-Session-Id").orElse(null);
        version = reply.status() == 200 ? reply.response().path("result").path("protocolVersion").asText() : null;
        post(JsonRpc.encodeToString(JsonRpc.notification("notifications/initialized", null)), Map.of());
        return reply;
    }

    /** Sends a request and returns the HTTP answer. */
    public Reply rpc(String method, ObjectNode params) {
        return post(JsonRpc.encodeToString(request(method, params)), Map.of());
    }

    /**
     * A 2026-07-28 request, without a session: {@code params} (may be null) get the per-request
     * {@code _meta} declaring {@code capabilities}, and the headers mirror version, method and name.
     */
    public HttpRequest statelessRequest(String method, ObjectNode params, ObjectNode capabilities) {
        ObjectNode withMeta = statelessParams(params, capabilities);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(JsonRpc.encodeToString(request(method, withMeta))))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method);
        JsonNode name = withMeta.has("name") ? withMeta.get("name") : withMeta.get("uri");
        if (name != null && ("tools/call".equals(method) || "prompts/get".equals(method) || "resources/read".equals(method))) {
            request.header("Mcp-Name", name.asText());
        }
        return request.build();
    }

    /** A copy of {@code params} (may be null) with the per-request {@code _meta} of 2026-07-28. */
    public static ObjectNode statelessParams(ObjectNode params, ObjectNode capabilities) {
        ObjectNode withMeta = params == null ? JsonRpc.MAPPER.createObjectNode() : params.deepCopy();
        ObjectNode meta = withMeta.with("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "modern-test-client").put("version", "1.0");
        return withMeta;
    }

    /** Sends {@link #statelessRequest} and returns the HTTP answer. */
    public Reply stateless(String method, ObjectNode params, ObjectNode capabilities) {
        try {
            HttpResponse<String> response = http.send(statelessRequest(method, params, capabilities),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@link #stateless} declaring no client capability. */
    public Reply stateless(String method, ObjectNode params) {
        return stateless(method, params, JsonRpc.MAPPER.createObjectNode());
    }

    /** A request with the next id. */
    public ObjectNode request(String method, ObjectNode params) {
        return JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(ids.getAndIncrement()), method, params);
    }

    /** POSTs a raw body with the session's headers plus {@code extra} (a null value removes a header). */
    public Reply post(String body, Map<String, String> extra) {
        return send("POST", HttpRequest.BodyPublishers.ofString(body), extra);
    }

    /** Sends {@code method} with the session's headers plus {@code extra}. */
    public Reply send(String method, HttpRequest.BodyPublisher body, Map<String, String> extra) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).method(method, body);
        for (Map.Entry<String, String> header : headers(extra).entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The headers a request would carry. */
    public Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        if (version != null) {
            headers.put("MCP-Protocol-Version", version);
        }
        headers.putAll(extra);
        headers.values().removeIf(v -> v == null);
        return headers;
    }

    public HttpClient http() {
        return http;
    }

    public URI url() {
        return url;
    }
}
