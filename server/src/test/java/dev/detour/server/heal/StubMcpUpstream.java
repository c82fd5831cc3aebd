package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-JVM MCP server over Streamable HTTP on loopback (port 0), answering JSON: {@code initialize},
 * {@code ping}, {@code tools/list} (the tools it was told about) and {@code tools/call} as each tool is told to. It counts every {@code tools/call}
 * it receives per tool — the side effects a test checks for duplicates — and records cancellations.
 * Tools can be held: they answer only when the test releases them, so tests wait on futures, never sleep.
 */
final class StubMcpUpstream {

    /** How a tool answers one call. */
    sealed interface Behaviour {
        /** A {@code CallToolResult} computed from the arguments. */
        record Result(Function<JsonNode, ObjectNode> result) implements Behaviour {
        }

        /** A JSON-RPC error. */
        record RpcError(int code, String message) implements Behaviour {
        }

        /** No answer until {@link #release} — or never. */
        record Hold() implements Behaviour {
        }

        /** The connection is closed after the request was read: the upstream crashed mid-call. */
        record Crash() implements Behaviour {
        }

        /**
         * The first call's connection is closed after the request was read (as a server does that closes
         * a kept-alive connection just as a request arrives on it); later calls get a text result.
         */
        record CrashOnce(java.util.concurrent.atomic.AtomicBoolean crashed) implements Behaviour {
        }

        /**
         * Answers over SSE: a {@code notifications/progress} for the request's token every {@code
         * interval} — {@code notifications} of them, then the result one interval later; forever
         * (never answering) when {@code notifications} is negative.
         */
        record Progressing(int notifications, Duration interval) implements Behaviour {
        }

        /**
         * Answers over SSE when the test says so: {@link #sendProgress} writes a {@code
         * notifications/progress} on every open stream of the tool, {@link #release} the result.
         */
        record Streaming() implements Behaviour {
        }
    }

    private final String name;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> metas = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> firstCall = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> held = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> progressSenders = new ConcurrentHashMap<>();
    private final List<JsonNode> cancellations = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> firstCancellation = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean holdListings;
    private final List<Runnable> heldListings = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private HttpServer server;
    private int port;

    private StubMcpUpstream(Vertx vertx, String name) {
        this.vertx = vertx;
        this.name = name;
    }

    /** Starts a stub on a free loopback port. */
    static Future<StubMcpUpstream> start(Vertx vertx, String name) {
        StubMcpUpstream stub = new StubMcpUpstream(vertx, name);
        return stub.listen(0).map(stub);
    }

    private Future<Void> listen(int onPort) {
        return vertx.createHttpServer().requestHandler(this::handle).listen(onPort, "127.0.0.1").map(listening -> {
            server = listening;
            port = listening.actualPort();
            return null;
        });
    }

    String name() {
        return name;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    /** Listens again on the same port after {@link #stop()}: the upstream came back. */
    Future<Void> restart() {
        return listen(port);
    }

    /** Stops listening: later connections are refused. */
    Future<Void> stop() {
        return server.close();
    }

    StubMcpUpstream answer(String tool, Function<JsonNode, ObjectNode> result) {
        behaviours.put(tool, new Behaviour.Result(result));
        return this;
    }

    /** Answers with a text result naming this upstream and echoing the arguments. */
    StubMcpUpstream answerText(String tool, String text) {
        return answer(tool, args -> textResult(text, false));
    }

    StubMcpUpstream failWithIsError(String tool, String text) {
        return answer(tool, args -> textResult(text, true));
    }

    StubMcpUpstream failWithRpcError(String tool, int code, String message) {
        behaviours.put(tool, new Behaviour.RpcError(code, message));
        return this;
    }

    StubMcpUpstream hold(String tool) {
        behaviours.put(tool, new Behaviour.Hold());
        return this;
    }

    StubMcpUpstream progressing(String tool, int notifications, Duration interval) {
        behaviours.put(tool, new Behaviour.Progressing(notifications, interval));
        return this;
    }

    StubMcpUpstream streaming(String tool) {
        behaviours.put(tool, new Behaviour.Streaming());
        return this;
    }

    /** Sends one {@code notifications/progress} on every open stream of a {@link #streaming} tool. */
    void sendProgress(String tool) {
        progressSenders.getOrDefault(tool, List.of()).forEach(Runnable::run);
    }

    StubMcpUpstream crashOnce(String tool) {
        behaviours.put(tool, new Behaviour.CrashOnce(new java.util.concurrent.atomic.AtomicBoolean()));
        return this;
    }

    StubMcpUpstream crash(String tool) {
        behaviours.put(tool, new Behaviour.Crash());
        return this;
    }

    /** Leaves {@code tools/list} unanswered from now on, until {@link #releaseListings()}. */
    StubMcpUpstream holdListings() {
        holdListings = true;
        return this;
    }

    /** Answers the held {@code tools/list} requests, and every later one at once. */
    void releaseListings() {
        holdListings = false;
        heldListings.forEach(Runnable::run);
        heldListings.clear();
    }

    /** How many {@code tools/list} requests arrived. */
    int listings() {
        return listings.get();
    }

    /** Answers every held call of {@code tool} with a text result. */
    void release(String tool) {
        List<Runnable> waiting = held.remove(tool);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    /** How many {@code tools/call} requests for {@code tool} arrived. */
    int calls(String tool) {
        return calls.getOrDefault(tool, List.of()).size();
    }

    /** The arguments of every call of {@code tool}, in order. */
    List<JsonNode> arguments(String tool) {
        return List.copyOf(calls.getOrDefault(tool, List.of()));
    }

    /** The {@code _meta} of every call of {@code tool}, in order (a missing node when there was none). */
    List<JsonNode> metas(String tool) {
        return List.copyOf(metas.getOrDefault(tool, List.of()));
    }

    /** Completes with the arguments of the first call of {@code tool}. */
    CompletableFuture<JsonNode> received(String tool) {
        return firstCall.computeIfAbsent(tool, t -> new CompletableFuture<>());
    }

    /** Completes with the params of the first {@code notifications/cancelled}. */
    CompletableFuture<JsonNode> cancelled() {
        return firstCancellation;
    }

    static ObjectNode textResult(String text, boolean isError) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        if (isError) {
            result.put("isError", true);
        }
        return result;
    }

    private void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST) {
            request.response().setStatusCode(request.method() == HttpMethod.DELETE ? 200 : 405).end();
            return;
        }
        request.body().onSuccess(body -> {
            JsonNode message = JsonRpc.parse(body);
            String method = message.path("method").asText();
            JsonNode id = message.get("id");
            if (id == null) {
                if ("notifications/cancelled".equals(method)) {
                    cancellations.add(message.path("params"));
                    firstCancellation.complete(message.path("params"));
                }
                request.response().setStatusCode(202).end();
                return;
            }
            switch (method) {
                case "initialize" -> {
                    ObjectNode result = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", name).put("version", "1");
                    request.response().putHeader("Mcp-Session-Id", name + "-session");
                    reply(request, JsonRpc.result(id, result));
                }
                case "ping" -> reply(request, JsonRpc.result(id, JsonRpc.MAPPER.createObjectNode()));
                case "tools/list" -> {
                    listings.incrementAndGet();
                    Runnable answer = () -> {
                        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
                        behaviours.keySet().stream().sorted().forEach(tool -> result.withArray("tools").addObject()
                                .put("name", tool).putObject("inputSchema").put("type", "object"));
                        reply(request, JsonRpc.result(id, result));
                    };
                    if (holdListings) {
                        heldListings.add(answer);
                    } else {
                        answer.run();
                    }
                }
                case "tools/call" -> toolCall(request, id, message.path("params"));
                default -> reply(request, JsonRpc.error(id, -32601, "Method not found: " + method, null));
            }
        });
    }

    private void toolCall(HttpServerRequest request, JsonNode id, JsonNode params) {
        String tool = params.path("name").asText();
        JsonNode arguments = params.path("arguments");
        calls.computeIfAbsent(tool, t -> new CopyOnWriteArrayList<>()).add(arguments);
        metas.computeIfAbsent(tool, t -> new CopyOnWriteArrayList<>()).add(params.path("_meta"));
        Behaviour behaviour = behaviours.get(tool);
        switch (behaviour) {
            case null -> reply(request, JsonRpc.error(id, -32602, "Unknown tool: " + tool, null));
            case Behaviour.Result r -> reply(request, JsonRpc.result(id, r.result().apply(arguments)));
            case Behaviour.RpcError e -> reply(request, JsonRpc.error(id, e.code(), e.message(), null));
            case Behaviour.Hold h -> held.computeIfAbsent(tool, t -> new CopyOnWriteArrayList<>())
                    .add(() -> reply(request, JsonRpc.result(id, textResult(name + " finally answered", false))));
            case Behaviour.Crash c -> request.connection().close();
            case Behaviour.CrashOnce once when once.crashed().compareAndSet(false, true) -> request.connection().close();
            case Behaviour.CrashOnce once -> reply(request, JsonRpc.result(id, textResult(name + " answered", false)));
            case Behaviour.Progressing p -> progress(request, id, params.path("_meta").path("progressToken"), p);
            case Behaviour.Streaming st -> stream(request, id, params.path("_meta").path("progressToken"), tool);
        }
        received(tool).complete(arguments); // after the call is held or streaming: a test that waited may release it
    }

    private void stream(HttpServerRequest request, JsonNode id, JsonNode token, String tool) {
        HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        int[] sent = {0};
        progressSenders.computeIfAbsent(tool, t -> new CopyOnWriteArrayList<>()).add(() -> {
            ObjectNode progress = JsonRpc.MAPPER.createObjectNode().put("progress", ++sent[0]);
            progress.set("progressToken", token);
            response.write(event(JsonRpc.notification("notifications/progress", progress)));
        });
        held.computeIfAbsent(tool, t -> new CopyOnWriteArrayList<>()).add(() -> response.end(
                event(JsonRpc.result(id, textResult(name + " answered after " + sent[0] + " progress notifications", false)))));
    }

    private void progress(HttpServerRequest request, JsonNode id, JsonNode token, Behaviour.Progressing p) {
        HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        int[] sent = {0};
        long timer = vertx.setPeriodic(p.interval().toMillis(), t -> {
            if (p.notifications() >= 0 && sent[0] == p.notifications()) {
                vertx.cancelTimer(t);
                response.end(event(JsonRpc.result(id, textResult(name + " answered after " + sent[0] + " progress notifications", false))));
                return;
            }
            sent[0]++;
            ObjectNode progress = JsonRpc.MAPPER.createObjectNode().put("progress", sent[0]);
            progress.set("progressToken", token);
            response.write(event(JsonRpc.notification("notifications/progress", progress)));
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    private static String event(ObjectNode message) {
        return "event: message\ndata: " + JsonRpc.encodeToString(message) + "\n\n";
    }

    private static void reply(HttpServerRequest request, ObjectNode message) {
        request.response().putHeader("Content-Type", "application/json").end(JsonRpc.encode(message));
    }
}
