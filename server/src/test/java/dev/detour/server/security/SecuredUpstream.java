package dev.detour.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM Streamable HTTP MCP upstream for the identity tests that records every request's
 * headers and body, can demand a bearer token (401 without it), and serves an OAuth token endpoint
 * ({@code POST /token}, client credentials with HTTP Basic) next to {@code /mcp}. Tools answer
 * {@code "<tool> from <name>"}; {@code fail_*} tools fail with {@code isError}; every result echoes
 * the request's {@code _meta}. Prompts and resources: one each per name given.
 */
final class SecuredUpstream implements AutoCloseable {

    /** One request as it arrived. */
    record Seen(String path, MultiMap headers, String body) {}

    private final String name;
    private final List<String> tools;
    private final String requiredBearer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Map<String, String> tokenClient;
    private volatile int tokenLifetimeSeconds = 3600;
    private HttpServer server;

    private SecuredUpstream(String name, List<String> tools, String requiredBearer, Map<String, String> tokenClient) {
        this.name = name;
        this.tools = List.copyOf(tools);
        this.requiredBearer = requiredBearer;
        this.tokenClient = tokenClient;
    }

    /**
     * @param requiredBearer the token {@code /mcp} demands, or {@code null}
     * @param tokenClient    client id → secret the token endpoint accepts (tokens issued: {@code tok-N})
     */
    static SecuredUpstream start(Vertx vertx, String name, List<String> tools, String requiredBearer, Map<String, String> tokenClient)
            throws Exception {
        SecuredUpstream up = new SecuredUpstream(name, tools, requiredBearer, tokenClient);
        up.server = vertx.createHttpServer().requestHandler(up::handle);
        up.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return up;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    String tokenUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/token";
    }

    List<Seen> seen() {
        return seen;
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    void tokenLifetime(int seconds) {
        tokenLifetimeSeconds = seconds;
    }

    /** From now on {@code tool} fails with an {@code isError} result. */
    void failing(String tool) {
        failing.add(tool);
    }

    /** {@code tool} answers normally again. */
    void healthy(String tool) {
        failing.remove(tool);
    }

    /** The {@code tools/call} bodies received, as JSON. */
    List<JsonNode> calls() {
        return seen.stream().filter(s -> s.path().equals("/mcp") && s.body().contains("\"tools/call\""))
                .map(s -> (JsonNode) JsonRpc.parse(s.body().getBytes())).toList();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String body = buffer.toString();
            seen.add(new Seen(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
            if ("/token".equals(request.path())) {
                token(request, body);
                return;
            }
            if (requiredBearer != null && !("Bearer " + requiredBearer).equals(request.getHeader("Authorization"))) {
                request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end();
                return;
            }
            if (request.method().name().equals("GET")) {
                request.response().setStatusCode(405).end();
                return;
            }
            if (request.method().name().equals("DELETE")) {
                request.response().setStatusCode(200).end();
                return;
            }
            JsonNode message = JsonRpc.parse(buffer);
            if (!message.has("id") || !message.has("method")) {
                request.response().setStatusCode(202).end();
                return;
            }
            ObjectNode result = answer(message);
            request.response().putHeader("Content-Type", "application/json");
            if ("initialize".equals(message.path("method").asText())) {
                request.response().putHeader("Mcp-Session-Id", name + "-session");
            }
            request.response().end(JsonRpc.encode(JsonRpc.result(message.get("id"), result)));
        });
    }

    private ObjectNode answer(JsonNode message) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        switch (message.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", message.path("params").path("protocolVersion").asText("2025-06-18"));
                ObjectNode caps = result.putObject("capabilities");
                caps.putObject("tools");
                caps.putObject("prompts");
                caps.putObject("resources");
                result.putObject("serverInfo").put("name", name).put("version", "1");
            }
            case "tools/list" -> {
                ArrayNode list = result.putArray("tools");
                tools.forEach(t -> {
                    ObjectNode tool = list.addObject().put("name", t).put("description", t + " of " + name);
                    tool.putObject("inputSchema").put("type", "object");
                    tool.putObject("annotations").put("readOnlyHint", true);
                });
            }
            case "prompts/list" -> result.putArray("prompts").addObject().put("name", name + "_prompt");
            case "prompts/get" -> result.putArray("messages");
            case "resources/list" -> result.putArray("resources").addObject().put("uri", "mem://" + name + "/doc").put("name", "doc");
            case "resources/templates/list" -> result.putArray("resourceTemplates");
            case "resources/read" -> result.putArray("contents").addObject().put("uri", message.path("params").path("uri").asText())
                    .put("text", "doc of " + name);
            case "tools/call" -> {
                String tool = message.path("params").path("name").asText();
                result.putArray("content").addObject().put("type", "text").put("text", tool + " from " + name);
                result.set("_meta", message.path("params").path("_meta").deepCopy());
                if (failing.contains(tool)) {
                    result.put("isError", true);
                }
            }
            default -> { }
        }
        return result;
    }

    private void token(HttpServerRequest request, String body) {
        tokenRequests.incrementAndGet();
        String auth = request.getHeader("Authorization");
        boolean ok = false;
        if (auth != null && auth.startsWith("Basic ")) {
            String[] pair = new String(java.util.Base64.getDecoder().decode(auth.substring(6))).split(":", 2);
            String id = java.net.URLDecoder.decode(pair[0], java.nio.charset.StandardCharsets.UTF_8);
            String secret = pair.length > 1 ? java.net.URLDecoder.decode(pair[1], java.nio.charset.StandardCharsets.UTF_8) : "";
            ok = secret.equals(tokenClient.get(id)) && body.contains("grant_type=client_credentials");
        }
        request.response().putHeader("Content-Type", "application/json");
        if (!ok) {
            request.response().setStatusCode(401).end("{\"error\":\"invalid_client\"}");
            return;
        }
        request.response().end("{\"access_token\":\"tok-" + tokenRequests.get() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + tokenLifetimeSeconds + "}");
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
