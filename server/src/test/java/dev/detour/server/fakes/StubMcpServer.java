package dev.detour.server.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM upstream MCP server on Vert.x (Streamable HTTP, JSON and SSE answers, a GET stream),
 * with tools that exercise what a proxy must relay: {@code echo} (unknown fields and content types),
 * {@code progress}, {@code log}, {@code sample} (a server-to-client request), {@code slow} (never
 * answers), {@code fail} ({@code isError}), {@code whoami}, {@code streamed} (answers on an SSE stream
 * with nothing before the result). Lists page two items at a time.
 * Records every message it receives.
 */
public final class StubMcpServer {

    private final Vertx vertx;
    private final String name;
    private final List<String> tools;
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final List<HttpServerResponse> getStreams = new CopyOnWriteArrayList<>();
    private final Map<String, Promise<ObjectNode>> awaitingClient = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final java.util.Set<String> liveSessions = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    private StubMcpServer(Vertx vertx, String name, List<String> tools) {
        this.vertx = vertx;
        this.name = name;
        this.tools = List.copyOf(tools);
    }

    /** Starts on a free loopback port. */
    public static Future<StubMcpServer> start(Vertx vertx, String name, List<String> tools) {
        StubMcpServer stub = new StubMcpServer(vertx, name, tools);
        stub.server = vertx.createHttpServer().requestHandler(stub::handle);
        return stub.server.listen(0, "127.0.0.1").map(s -> stub);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    /** Every message POSTed to this server, in order. */
    public List<ObjectNode> received() {
        return received;
    }

    /** The received requests with {@code method}. */
    public List<ObjectNode> received(String method) {
        return received.stream().filter(m -> method.equals(m.path("method").asText())).toList();
    }

    /** Open GET streams. */
    public int openGetStreams() {
        return getStreams.size();
    }

    /** Sessions initialized so far. */
    public int sessions() {
        return sessions.get();
    }

    /** Sends {@code notifications/tools/list_changed} on every GET stream. */
    public void emitToolsListChanged() {
        vertx.runOnContext(v -> getStreams.forEach(r -> sse(r, JsonRpc.notification("notifications/tools/list_changed", null))));
    }

    /** Forgets every session, as a restarted server would: later requests on them get 404. */
    public void forgetSessions() {
        liveSessions.clear();
    }

    public Future<Void> stop() {
        return server.close();
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET) {
            HttpServerResponse response = request.response();
            response.setChunked(true).putHeader("Content-Type", "text/event-stream");
            response.write(": open\n\n");
            getStreams.add(response);
            response.closeHandler(v -> getStreams.remove(response));
            return;
        }
        if (request.method() == HttpMethod.DELETE) {
            request.response().setStatusCode(200).end();
            return;
        }
        request.body().onSuccess(body -> {
            ObjectNode message = (ObjectNode) JsonRpc.parse(body);
            received.add(message.deepCopy());
            HttpServerResponse response = request.response();
            String session = request.getHeader("Mcp-Session-Id");
            if (session != null && !liveSessions.contains(session)) {
                response.setStatusCode(404).end();
                return;
            }
            if (!message.has("method")) {
                Promise<ObjectNode> waiting = awaitingClient.remove(message.path("id").asText());
                if (waiting != null) {
                    waiting.complete(message);
                }
                response.setStatusCode(202).end();
                return;
            }
            if (!message.has("id")) {
                response.setStatusCode(202).end();
                return;
            }
            answer(message, response);
        });
    }

    private void answer(ObjectNode request, HttpServerResponse response) {
        JsonNode id = request.get("id");
        ObjectNode params = JsonRpc.params(request);
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        switch (request.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", params.path("protocolVersion").asText());
                ObjectNode caps = result.putObject("capabilities");
                caps.putObject("tools").put("listChanged", true);
                caps.putObject("resources").put("subscribe", true);
                caps.putObject("prompts");
                caps.putObject("logging");
                caps.putObject("completions");
                result.putObject("serverInfo").put("name", "stub-" + name).put("version", "1.0");
                result.put("instructions", "stub " + name);
                String session = "stub-" + name + "-" + sessions.incrementAndGet();
                liveSessions.add(session);
                response.putHeader("Mcp-Session-Id", session);
                // Like the TypeScript SDK: the answer comes as SSE, with a log line before it (the spec
                // lets a server log before initialization completes).
                openSse(response);
                sse(response, JsonRpc.notification("notifications/message",
                        JsonRpc.MAPPER.createObjectNode().put("level", "debug").put("data", "initializing")));
                sse(response, JsonRpc.result(id, result));
                response.end();
                return;
            }
            case "tools/list" -> {
                int from = params.has("cursor") ? Integer.parseInt(params.get("cursor").asText()) : 0;
                ArrayNode list = result.putArray("tools");
                for (int i = from; i < Math.min(from + 2, tools.size()); i++) {
                    ObjectNode tool = list.addObject().put("name", tools.get(i)).put("description", "from " + name);
                    tool.putObject("inputSchema").put("type", "object");
                    tool.putObject("x-unknown").put("kept", true);
                    tool.putObject("_meta").put("vendor/weight", new BigDecimal("1.10"));
                }
                if (from + 2 < tools.size()) {
                    result.put("nextCursor", Integer.toString(from + 2));
                }
            }
            case "tools/call" -> {
                callTool(id, params, response);
                return;
            }
            case "resources/list" -> result.putArray("resources").addObject().put("uri", "stub://" + name + "/readme")
                    .put("name", "readme");
            case "resources/templates/list" -> result.putArray("resourceTemplates").addObject()
                    .put("uriTemplate", "stub://" + name + "/items/{id}").put("name", "item");
            case "resources/read" -> result.putArray("contents").addObject()
                    .put("uri", params.path("uri").asText()).put("text", "read by " + name);
            case "resources/subscribe", "resources/unsubscribe", "logging/setLevel", "ping" -> { }
            case "prompts/list" -> result.putArray("prompts").addObject().put("name", "greet");
            case "prompts/get" -> result.putArray("messages").addObject().put("role", "user")
                    .putObject("content").put("type", "text").put("text", "hello from " + name);
            case "completion/complete" -> result.putObject("completion").putArray("values").add(name);
            default -> {
                json(response, JsonRpc.error(id, -32601, "Method not found: " + request.path("method").asText(), null));
                return;
            }
        }
        json(response, JsonRpc.result(id, result));
    }

    private void callTool(JsonNode id, ObjectNode params, HttpServerResponse response) {
        String tool = params.path("name").asText();
        JsonNode token = params.path("_meta").get("progressToken");
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        switch (tool) {
            case "echo" -> {
                ArrayNode content = result.putArray("content");
                content.addObject().put("type", "text").put("text", params.path("arguments").path("text").asText());
                content.addObject().put("type", "hologram").put("beam", new BigDecimal("1.10"));
                ObjectNode structured = result.putObject("structuredContent");
                structured.set("echo", params.path("arguments"));
                structured.put("from", name);
                result.putObject("_meta").put("stub/upstream", name);
                result.put("x-extra", "kept");
            }
            case "whoami" -> result.putArray("content").addObject().put("type", "text").put("text", name);
            case "fail" -> result.put("isError", true).putArray("content").addObject().put("type", "text").put("text", "boom");
            case "slow" -> {
                return;
            }
            case "streamed" -> {
                openSse(response);
                result.putArray("content").addObject().put("type", "text").put("text", "streamed");
                sse(response, JsonRpc.result(id, result));
                response.end();
                return;
            }
            case "progress", "log" -> {
                openSse(response);
                for (int i = 1; i <= 3; i++) {
                    ObjectNode p = JsonRpc.MAPPER.createObjectNode();
                    if ("progress".equals(tool)) {
                        p.set("progressToken", token);
                        p.put("progress", i).put("total", 3);
                        sse(response, JsonRpc.notification("notifications/progress", p));
                    } else {
                        p.put("level", "info").put("data", "line " + i);
                        sse(response, JsonRpc.notification("notifications/message", p));
                    }
                }
                result.putArray("content").addObject().put("type", "text").put("text", "done");
                sse(response, JsonRpc.result(id, result));
                response.end();
                return;
            }
            case "sample_then_cancel" -> {
                openSse(response);
                var requestId = JsonRpc.MAPPER.getNodeFactory().textNode("abandoned-" + id.asText());
                sse(response, JsonRpc.request(requestId, "sampling/createMessage",
                        JsonRpc.MAPPER.createObjectNode().put("maxTokens", 1)));
                ObjectNode cancel = JsonRpc.MAPPER.createObjectNode().put("reason", "changed my mind");
                cancel.set("requestId", requestId);
                sse(response, JsonRpc.notification("notifications/cancelled", cancel));
                result.putArray("content").addObject().put("type", "text").put("text", "gave up");
                sse(response, JsonRpc.result(id, result));
                response.end();
                return;
            }
            case "sample" -> {
                openSse(response);
                String requestId = "sample-" + id.asText();
                Promise<ObjectNode> answer = Promise.promise();
                awaitingClient.put(requestId, answer);
                ObjectNode p = JsonRpc.MAPPER.createObjectNode().put("maxTokens", 10);
                p.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
                        .put("text", "say hi");
                sse(response, JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().textNode(requestId),
                        "sampling/createMessage", p));
                answer.future().onSuccess(sampled -> {
                    result.putArray("content").addObject().put("type", "text")
                            .put("text", "sampled: " + sampled.path("result").path("content").path("text").asText());
                    sse(response, JsonRpc.result(id, result));
                    response.end();
                });
                return;
            }
            default -> {
                json(response, JsonRpc.error(id, -32602, "Unknown tool: " + tool, null));
                return;
            }
        }
        json(response, JsonRpc.result(id, result));
    }

    private static void json(HttpServerResponse response, ObjectNode message) {
        response.putHeader("Content-Type", "application/json").end(JsonRpc.encode(message));
    }

    private static void openSse(HttpServerResponse response) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
    }

    private static void sse(HttpServerResponse response, ObjectNode message) {
        response.write("event: message\ndata: " + JsonRpc.encodeToString(message) + "\n\n");
    }
}
