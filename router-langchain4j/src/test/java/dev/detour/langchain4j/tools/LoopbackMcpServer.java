package dev.detour.langchain4j.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The smallest MCP server over Streamable HTTP (JSON answers, no SSE) that a LangChain4j {@code McpClient}
 * talks to: one tool, answered by a function of its arguments. For tests; loopback only.
 */
final class LoopbackMcpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String tool;
    private final boolean readOnly;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Function<Map<String, Object>, Map<String, Object>> answer;

    LoopbackMcpServer(String tool, boolean readOnly, Function<Map<String, Object>, Map<String, Object>> answer) throws IOException {
        this.tool = tool;
        this.readOnly = readOnly;
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    /** A text result, or an {@code isError} one. */
    static Map<String, Object> text(String text, boolean isError) {
        return Map.of("content", List.of(Map.of("type", "text", "text", text)), "isError", isError);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    int calls() {
        return calls.get();
    }

    void answer(Function<Map<String, Object>, Map<String, Object>> newAnswer) {
        this.answer = newAnswer;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, Object> message = JSON.readValue(exchange.getRequestBody(), new TypeReference<>() {
            });
            Object id = message.get("id");
            if (id == null) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            Map<String, Object> result = switch (String.valueOf(message.get("method"))) {
                case "initialize" -> Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of("tools", Map.of()),
                        "serverInfo", Map.of("name", "loopback", "version", "1"));
                case "tools/list" -> Map.of("tools", List.of(Map.of("name", tool, "description", "the " + tool + " of a city",
                        "inputSchema", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city")),
                        "annotations", Map.of("readOnlyHint", readOnly))));
                case "tools/call" -> {
                    calls.incrementAndGet();
                    Map<String, Object> params = (Map<String, Object>) message.get("params");
                    yield answer.apply((Map<String, Object>) params.getOrDefault("arguments", Map.of()));
                }
                default -> Map.of();
            };
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("jsonrpc", "2.0");
            response.put("id", id);
            response.put("result", result);
            byte[] bytes = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Mcp-Session-Id", "s-1");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
