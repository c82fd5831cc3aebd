package dev.detour.langchain4j.scripted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server on loopback that answers from a {@link Script}: the stand-in for a real LLM in tests and
 * in the demo, talked to through the real LangChain4j clients. It speaks three dialects on one port:
 *
 * <ul>
 *   <li>OpenAI chat completions — {@code POST /v1/chat/completions}; point {@code openai-compatible} at
 *       {@link #baseUrl()};
 *   <li>Anthropic messages — {@code POST /v1/messages}; point {@code anthropic} at {@link #baseUrl()};
 *   <li>Ollama chat — {@code POST /api/chat}; point {@code ollama} at {@link #ollamaBaseUrl()}.
 * </ul>
 *
 * A reply can be a structured decision, plain text (a final answer or a malformed decision), a tool call,
 * an HTTP error with the API's error body, a refusal, or any of these after a delay. Token usage is
 * reported (a quarter of the bytes, rounded up), so token metrics have something to count. Every request
 * is counted and kept ({@link #received()}).
 *
 * <p>Binds {@code 127.0.0.1} on an ephemeral port; requests run on virtual threads, so a slow reply holds
 * up no other. {@link #close()} releases slow replies at once. Thread-safe.
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Script script;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("scripted-llm-", 0).factory());
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<ScriptedRequest> received = new CopyOnWriteArrayList<>();
    private final Map<ScriptedRequest.Api, AtomicInteger> perApi = new EnumMap<>(ScriptedRequest.Api.class);

    private ScriptedModelServer(Script script) throws IOException {
        this.script = Objects.requireNonNull(script, "script");
        for (ScriptedRequest.Api api : ScriptedRequest.Api.values()) {
            perApi.put(api, new AtomicInteger());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, ScriptedRequest.Api.OPENAI));
        server.createContext("/v1/messages", exchange -> handle(exchange, ScriptedRequest.Api.ANTHROPIC));
        server.createContext("/api/chat", exchange -> handle(exchange, ScriptedRequest.Api.OLLAMA));
        server.start();
    }

    /** Starts a server answering from {@code script}. */
    public static ScriptedModelServer start(Script script) {
        try {
            return new ScriptedModelServer(script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the scripted model server on loopback", e);
        }
    }

    /** Starts a server answering {@code replies} in order (the last one repeats). */
    public static ScriptedModelServer start(Reply... replies) {
        return start(Script.inOrder(replies));
    }

    /** {@code http://127.0.0.1:PORT/v1}: the base URL for {@code openai-compatible} and {@code anthropic}. */
    public String baseUrl() {
        return ollamaBaseUrl() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT}: the base URL for {@code ollama}. */
    public String ollamaBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests received so far, all APIs. */
    public int requests() {
        return numbers.get();
    }

    /** Requests received so far on one API. */
    public int requests(ScriptedRequest.Api api) {
        return perApi.get(api).get();
    }

    /** Every request received, in arrival order. */
    public List<ScriptedRequest> received() {
        return List.copyOf(received);
    }

    /** Stops the server; slow replies still waiting are released and answered with their reply. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange, ScriptedRequest.Api api) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("error", "POST only"));
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            Map<String, Object> body;
            try {
                body = JSON.readValue(raw, OBJECT);
            } catch (JsonProcessingException e) {
                send(exchange, 400, errorBody(api, 400, "the body is not JSON"));
                return;
            }
            ScriptedRequest request = new ScriptedRequest(api, numbers.incrementAndGet(), body, userText(api, body), toolResults(api, body),
                    tools(api, body), goals(body));
            perApi.get(api).incrementAndGet();
            received.add(request);
            respond(exchange, api, request, script.reply(request), raw.length);
        }
    }

    private void respond(HttpExchange exchange, ScriptedRequest.Api api, ScriptedRequest request, Reply reply, int inputBytes)
            throws IOException {
        switch (reply) {
            case Reply.Slow slow -> {
                try {
                    closed.await(slow.delay().toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                respond(exchange, api, request, slow.then(), inputBytes);
            }
            case Reply.HttpError error -> send(exchange, error.status(), errorBody(api, error.status(), "scripted failure"));
            case Reply.FirstReachable first -> respond(exchange, api, request, request.goals().isEmpty()
                    ? Reply.escalate("no lesser goal is reachable") : Reply.demote(request.goals().getFirst()), inputBytes);
            case Reply.Text text -> send(exchange, 200, Dialects.text(api, model(request), text.text(), tokens(inputBytes), tokens(text.text().length())));
            case Reply.ToolCall call -> send(exchange, 200, Dialects.toolCall(api, model(request), request.number(), call.tool(),
                    parse(call.argumentsJson()), call.argumentsJson(), tokens(inputBytes), tokens(call.argumentsJson().length())));
            case Reply.Refusal refusal -> send(exchange, 200, Dialects.refusal(api, model(request), tokens(inputBytes)));
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool-call arguments must be a JSON object: " + json, e);
        }
    }

    private static int tokens(int bytes) {
        return (bytes + 3) / 4;
    }

    private static String model(ScriptedRequest request) {
        return request.body().get("model") instanceof String m ? m : "scripted";
    }

    private static Map<String, Object> errorBody(ScriptedRequest.Api api, int status, String message) {
        return switch (api) {
            case OPENAI -> Map.of("error", Map.of("message", message, "type", status >= 500 ? "server_error" : "invalid_request_error"));
            case ANTHROPIC -> Map.of("type", "error", "error", Map.of("type", status >= 500 ? "api_error" : "invalid_request_error", "message", message));
            case OLLAMA -> Map.of("error", message);
        };
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String userText(ScriptedRequest.Api api, Map<String, Object> body) {
        String last = "";
        for (Map<?, ?> m : messages(body)) {
            if ("user".equals(m.get("role"))) {
                String text = textOf(m.get("content"));
                if (!text.isEmpty() || api != ScriptedRequest.Api.ANTHROPIC) {
                    last = text;
                }
            }
        }
        return last;
    }

    private static List<String> toolResults(ScriptedRequest.Api api, Map<String, Object> body) {
        List<String> results = new ArrayList<>();
        for (Map<?, ?> m : messages(body)) {
            if (api != ScriptedRequest.Api.ANTHROPIC && "tool".equals(m.get("role"))) {
                results.add(textOf(m.get("content")));
            } else if (api == ScriptedRequest.Api.ANTHROPIC && m.get("content") instanceof List<?> blocks) {
                for (Object b : blocks) {
                    if (b instanceof Map<?, ?> block && "tool_result".equals(block.get("type"))) {
                        results.add(textOf(block.get("content")));
                    }
                }
            }
        }
        return results;
    }

    private static List<String> tools(ScriptedRequest.Api api, Map<String, Object> body) {
        List<String> names = new ArrayList<>();
        if (body.get("tools") instanceof List<?> tools) {
            for (Object t : tools) {
                if (t instanceof Map<?, ?> tool) {
                    Object name = api == ScriptedRequest.Api.ANTHROPIC ? tool.get("name")
                            : tool.get("function") instanceof Map<?, ?> f ? f.get("name") : null;
                    if (name instanceof String s) {
                        names.add(s);
                    }
                }
            }
        }
        return names;
    }

    /** The enum of a {@code goal} property anywhere in the body: the goals a Detour decision may name. */
    private static List<String> goals(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("properties") instanceof Map<?, ?> props && props.get("goal") instanceof Map<?, ?> goal
                    && goal.get("enum") instanceof List<?> values) {
                return values.stream().map(String::valueOf).filter(v -> !v.isEmpty()).toList();
            }
            for (Object v : map.values()) {
                List<String> found = goals(v);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        } else if (node instanceof Collection<?> list) {
            for (Object v : list) {
                List<String> found = goals(v);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of();
    }

    private static List<Map<?, ?>> messages(Map<String, Object> body) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (body.get("messages") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static String textOf(Object content) {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof List<?> blocks) {
            StringBuilder sb = new StringBuilder();
            for (Object b : blocks) {
                if (b instanceof Map<?, ?> block && block.get("text") instanceof String s) {
                    sb.append(sb.isEmpty() ? "" : "\n").append(s);
                }
            }
            return sb.toString();
        }
        return "";
    }

    /** The three APIs' response bodies. */
    private static final class Dialects {

        static Map<String, Object> text(ScriptedRequest.Api api, String model, String text, int in, int out) {
            return switch (api) {
                case OPENAI -> openAi(model, message("content", text), "stop", in, out);
                case ANTHROPIC -> anthropic(model, List.of(Map.of("type", "text", "text", text)), "end_turn", in, out);
                case OLLAMA -> ollama(model, message("content", text), in, out);
            };
        }

        static Map<String, Object> toolCall(ScriptedRequest.Api api, String model, int number, String tool, Map<String, Object> args,
                String argsJson, int in, int out) {
            String id = "call_" + number;
            return switch (api) {
                case OPENAI -> {
                    Map<String, Object> message = message("content", null);
                    message.put("tool_calls", List.of(Map.of("id", id, "type", "function", "function", Map.of("name", tool, "arguments", argsJson))));
                    yield openAi(model, message, "tool_calls", in, out);
                }
                case ANTHROPIC -> anthropic(model, List.of(Map.of("type", "tool_use", "id", "toolu_" + number, "name", tool, "input", args)),
                        "tool_use", in, out);
                case OLLAMA -> {
                    Map<String, Object> message = message("content", "");
                    message.put("tool_calls", List.of(Map.of("function", Map.of("name", tool, "arguments", args))));
                    yield ollama(model, message, in, out);
                }
            };
        }

        static Map<String, Object> refusal(ScriptedRequest.Api api, String model, int in) {
            return switch (api) {
                case OPENAI -> {
                    Map<String, Object> message = message("content", null);
                    message.put("refusal", "I can't help with that.");
                    yield openAi(model, message, "stop", in, 6);
                }
                case ANTHROPIC -> anthropic(model, List.of(), "refusal", in, 0);
                case OLLAMA -> ollama(model, message("content", "I can't help with that."), in, 6);
            };
        }

        private static Map<String, Object> message(String key, Object value) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put(key, value);
            return message;
        }

        private static Map<String, Object> openAi(String model, Map<String, Object> message, String finish, int in, int out) {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("message", message);
            choice.put("finish_reason", finish);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", "chatcmpl-scripted");
            body.put("object", "chat.completion");
            body.put("created", 1767225600L);
            body.put("model", model);
            body.put("choices", List.of(choice));
            body.put("usage", Map.of("prompt_tokens", in, "completion_tokens", out, "total_tokens", in + out));
            return body;
        }

        private static Map<String, Object> anthropic(String model, List<Map<String, Object>> content, String stop, int in, int out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", "msg_scripted");
            body.put("type", "message");
            body.put("role", "assistant");
            body.put("model", model);
            body.put("content", content);
            body.put("stop_reason", stop);
            body.put("usage", Map.of("input_tokens", in, "output_tokens", out));
            return body;
        }

        private static Map<String, Object> ollama(String model, Map<String, Object> message, int in, int out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model);
            body.put("created_at", "2026-01-01T00:00:00Z");
            body.put("message", message);
            body.put("done", true);
            body.put("done_reason", "stop");
            body.put("prompt_eval_count", in);
            body.put("eval_count", out);
            return body;
        }
    }
}
