package dev.detour.server.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-JVM upstream that serves only 2026-07-28 (no sessions, no {@code initialize}): {@code
 * server/discover}, {@code tools/list}, {@code subscriptions/listen} (SSE, its filter honoured) and
 * tools that exercise what a proxy must relay intact: {@code ask} (an {@code InputRequiredResult} with
 * an elicitation and a {@code requestState}; the retry with {@code inputResponses} completes),
 * {@code needs_sampling} ({@code -32021}, HTTP 400, unless the request declares {@code sampling}),
 * {@code change_tools} (a {@code tools/list_changed} on every open listen stream that asked for it).
 * Records every request with its headers. Like the TypeScript reference server, it answers a POST
 * carrying a session revision's {@code initialize} with HTTP 400.
 */
public final class StatelessStubServer {

    /** A request as received: the body and the HTTP headers. */
    public record Received(ObjectNode message, MultiMap headers) {}

    /** The {@code requestState} the {@code ask} tool hands out: opaque, with characters a proxy might be tempted to touch. */
    public static final String REQUEST_STATE = "{\"step\":1,\"sig\":\"a+b/c==\"}";

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private record Listener(HttpServerResponse response, JsonNode id, JsonNode filter) {}

    private StatelessStubServer() {}

    /** Starts on a free loopback port. */
    public static Future<StatelessStubServer> start(Vertx vertx) {
        StatelessStubServer stub = new StatelessStubServer();
        stub.server = vertx.createHttpServer().requestHandler(stub::handle);
        return stub.server.listen(0, "127.0.0.1").map(s -> stub);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    /** Every request POSTed here with a method, in order. */
    public List<Received> received(String method) {
        return received.stream().filter(r -> method.equals(JsonRpc.method(r.message()))).toList();
    }

    /** The {@code subscriptions/listen} streams still open. */
    public int openListenStreams() {
        return listeners.size();
    }

    public Future<Void> stop() {
        return server.close();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            ObjectNode message = (ObjectNode) JsonRpc.parse(body);
            received.add(new Received(message.deepCopy(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers())));
            HttpServerResponse response = request.response();
            JsonNode id = message.get("id");
            JsonNode meta = message.path("params").path("_meta");
            if (!"2026-07-28".equals(meta.path("io.modelcontextprotocol/protocolVersion").asText())) {
                response.setStatusCode(400).end();
                return;
            }
            switch (JsonRpc.method(message)) {
                case "server/discover" -> {
                    ObjectNode result = complete();
                    result.putArray("supportedVersions").add("2026-07-28");
                    result.putObject("capabilities").putObject("tools").put("listChanged", true);
                    result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "modern").put("version", "2");
                    result.put("ttlMs", 60_000).put("cacheScope", "public");
                    json(response, 200, JsonRpc.result(id, result));
                }
                case "tools/list" -> {
                    ObjectNode result = complete().put("ttlMs", 60_000).put("cacheScope", "public");
                    for (String tool : List.of("ask", "needs_sampling", "change_tools")) {
                        result.withArray("tools").addObject().put("name", tool).putObject("inputSchema").put("type", "object");
                    }
                    json(response, 200, JsonRpc.result(id, result));
                }
                case "tools/call" -> callTool(id, JsonRpc.params(message), response);
                case "subscriptions/listen" -> listen(id, message.path("params").path("notifications"), response);
                default -> json(response, 404, JsonRpc.error(id, -32601, "Method not found", null));
            }
        });
    }

    private void callTool(JsonNode id, ObjectNode params, HttpServerResponse response) {
        switch (params.path("name").asText()) {
            case "ask" -> {
                JsonNode answer = params.path("inputResponses").path("login");
                if (answer.isMissingNode() || !REQUEST_STATE.equals(params.path("requestState").asText())) {
                    ObjectNode result = JsonRpc.MAPPER.createObjectNode().put("resultType", "input_required");
                    ObjectNode elicit = result.putObject("inputRequests").putObject("login").put("method", "elicitation/create");
                    elicit.putObject("params").put("mode", "form").put("message", "Your login?")
                            .putObject("requestedSchema").put("type", "object");
                    result.put("requestState", REQUEST_STATE);
                    json(response, 200, JsonRpc.result(id, result));
                } else {
                    ObjectNode result = complete();
                    result.putArray("content").addObject().put("type", "text")
                            .put("text", "hello " + answer.path("content").path("name").asText());
                    json(response, 200, JsonRpc.result(id, result));
                }
            }
            case "needs_sampling" -> {
                if (params.path("_meta").path("io.modelcontextprotocol/clientCapabilities").has("sampling")) {
                    json(response, 200, JsonRpc.result(id, complete().set("content", JsonRpc.MAPPER.createArrayNode())));
                } else {
                    ObjectNode data = JsonRpc.MAPPER.createObjectNode();
                    data.putObject("requiredCapabilities").putObject("sampling");
                    json(response, 400, JsonRpc.error(id, -32021, "MissingRequiredClientCapability", data));
                }
            }
            case "change_tools" -> {
                for (Listener listener : listeners) {
                    if (listener.filter().path("toolsListChanged").asBoolean(false)) {
                        sse(listener.response(), tagged("notifications/tools/list_changed", listener.id()));
                    }
                }
                json(response, 200, JsonRpc.result(id, complete().set("content", JsonRpc.MAPPER.createArrayNode())));
            }
            default -> json(response, 200, JsonRpc.error(id, -32602, "Unknown tool", null));
        }
    }

    private void listen(JsonNode id, JsonNode filter, HttpServerResponse response) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        ObjectNode ack = tagged("notifications/subscriptions/acknowledged", id);
        ObjectNode honoured = JsonRpc.params(ack).putObject("notifications");
        if (filter.path("toolsListChanged").asBoolean(false)) {
            honoured.put("toolsListChanged", true);
        }
        sse(response, ack);
        Listener listener = new Listener(response, id, filter);
        listeners.add(listener);
        response.closeHandler(v -> listeners.remove(listener));
    }

    private static ObjectNode tagged(String method, JsonNode subscriptionId) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        params.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", subscriptionId);
        return JsonRpc.notification(method, params);
    }

    private static ObjectNode complete() {
        return JsonRpc.MAPPER.createObjectNode().put("resultType", "complete");
    }

    private static void json(HttpServerResponse response, int status, ObjectNode message) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(JsonRpc.encode(message));
    }

    private static void sse(HttpServerResponse response, ObjectNode message) {
        response.write("event: message\ndata: " + JsonRpc.encodeToString(message) + "\n\n");
    }
}
