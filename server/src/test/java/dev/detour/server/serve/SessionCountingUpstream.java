package dev.detour.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An in-JVM MCP server over Streamable HTTP on loopback (port 0, JSON answers, no GET stream) that
 * keeps count of its sessions: which client ({@code clientInfo.name}) initialized each, and which were
 * ended with {@code DELETE} — what a reload of {@code upstreams} must create and close. Tools:
 * {@code search} (answers {@code "from NAME"}), {@code hold} (answers {@code "held by NAME"} once the
 * test {@linkplain #release() releases} it) and any extra names given (answer {@code "NAME/TOOL"}).
 */
final class SessionCountingUpstream implements AutoCloseable {

    /** Detour's own healing sessions introduce themselves with this {@code clientInfo.name}. */
    static final String HEALING_CLIENT = "detour";

    private final String name;
    private final List<String> tools;
    private final HttpServer server;
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final Map<String, String> clientBySession = new ConcurrentHashMap<>();
    private final List<String> closedBy = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Void>> firstClose = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> holding = new CompletableFuture<>();

    private SessionCountingUpstream(Vertx vertx, String name, List<String> extraTools) {
        this.name = name;
        this.tools = Stream.concat(Stream.of("hold", "search"), extraTools.stream()).toList();
        this.server = TestVertx.await(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
    }

    /** Starts {@code name} on a free loopback port, offering {@code search}, {@code hold} and {@code extraTools}. */
    static SessionCountingUpstream start(Vertx vertx, String name, String... extraTools) {
        return new SessionCountingUpstream(vertx, name, List.of(extraTools));
    }

    /** The name it answers with (and is declared under in the tests' configs). */
    String name() {
        return name;
    }

    /** The MCP endpoint URL. */
    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    /** How many sessions {@code client} initialized. */
    int sessionsOf(String client) {
        return (int) clientBySession.values().stream().filter(client::equals).count();
    }

    /** How many of {@code client}'s sessions were ended with {@code DELETE}. */
    int closedSessionsOf(String client) {
        return (int) closedBy.stream().filter(client::equals).count();
    }

    /** Completes when a session {@code client} initialized is first ended with {@code DELETE}. */
    CompletableFuture<Void> sessionClosed(String client) {
        return firstClose.computeIfAbsent(client, c -> new CompletableFuture<>());
    }

    /** How many {@code tools/call} requests for {@code tool} arrived. */
    int calls(String tool) {
        AtomicInteger count = calls.get(tool);
        return count == null ? 0 : count.get();
    }

    /** Completes when the first {@code hold} call arrived. */
    CompletableFuture<Void> holding() {
        return holding;
    }

    /** Answers every {@code hold} call waiting. */
    void release() {
        List<Runnable> waiting = List.copyOf(held);
        held.removeAll(waiting);
        waiting.forEach(Runnable::run);
    }

    @Override
    public void close() {
        TestVertx.await(server.close());
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.DELETE) {
            String client = clientBySession.get(String.valueOf(request.getHeader("Mcp-Session-Id")));
            if (client != null) {
                closedBy.add(client);
                sessionClosed(client).complete(null);
            }
            request.response().setStatusCode(200).end();
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().setStatusCode(405).end();
            return;
        }
        request.body().onSuccess(body -> {
            JsonNode message = JsonRpc.parse(body);
            JsonNode id = message.get("id");
            if (id == null) {
                request.response().setStatusCode(202).end();
                return;
            }
            JsonNode params = message.path("params");
            switch (message.path("method").asText()) {
                case "initialize" -> {
                    String session = name + "-" + sessionIds.incrementAndGet();
                    clientBySession.put(session, params.path("clientInfo").path("name").asText());
                    ObjectNode result = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", name).put("version", "1");
                    request.response().putHeader("Mcp-Session-Id", session);
                    reply(request, JsonRpc.result(id, result));
                }
                case "ping" -> reply(request, JsonRpc.result(id, JsonRpc.MAPPER.createObjectNode()));
                case "tools/list" -> {
                    ObjectNode result = JsonRpc.MAPPER.createObjectNode();
                    tools.forEach(tool -> result.withArray("tools").addObject().put("name", tool)
                            .putObject("inputSchema").put("type", "object"));
                    reply(request, JsonRpc.result(id, result));
                }
                case "tools/call" -> call(request, id, params.path("name").asText());
                default -> reply(request, JsonRpc.error(id, -32601, "Method not found", null));
            }
        });
    }

    private void call(HttpServerRequest request, JsonNode id, String tool) {
        calls.computeIfAbsent(tool, t -> new AtomicInteger()).incrementAndGet();
        switch (tool) {
            case "search" -> reply(request, JsonRpc.result(id, text("from " + name)));
            case "hold" -> {
                held.add(() -> reply(request, JsonRpc.result(id, text("held by " + name))));
                holding.complete(null);
            }
            default -> reply(request, tools.contains(tool) ? JsonRpc.result(id, text(name + "/" + tool))
                    : JsonRpc.error(id, -32602, "Unknown tool: " + tool, null));
        }
    }

    private static ObjectNode text(String text) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    private static void reply(HttpServerRequest request, ObjectNode message) {
        request.response().putHeader("Content-Type", "application/json").end(JsonRpc.encode(message));
    }
}
