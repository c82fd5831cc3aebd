package dev.detour.server.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.detour.server.mcp.JsonRpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Streamable HTTP MCP server run as a real child process by the end-to-end tests (launched with the
 * current {@code java} and the test classpath). It is written on the JDK's own HTTP server, so it
 * shares no code with Detour's transports and starts in a fraction of a second. No sessions, no GET
 * stream (405), JSON answers only.
 *
 * <p>Arguments: {@code NAME PORT} (0 = any free port). Prints {@code PORT <n>} once it listens.
 * Tools: {@code search} (read-only, answers {@code "from NAME"}), {@code send} (counts the request,
 * then fails as if its mail queue crashed after accepting it), {@code sent} (how many {@code send}
 * requests arrived), {@code hold} (answers {@code "held"} when {@code release} is next called, at most
 * 10 s later), {@code holding} (how many {@code hold} calls wait), {@code release}, {@code cancelled}
 * (how many {@code notifications/cancelled} arrived).
 */
public final class HttpStubServer {

    private HttpStubServer() {
    }

    public static void main(String[] args) throws IOException {
        String name = args[0];
        AtomicLong sends = new AtomicLong();
        AtomicLong cancellations = new AtomicLong();
        Holds holds = new Holds();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                JsonNode message;
                try (InputStream in = exchange.getRequestBody()) {
                    message = JsonRpc.parse(in.readAllBytes());
                }
                if (!message.has("id")) {
                    if ("notifications/cancelled".equals(message.path("method").asText())) {
                        cancellations.incrementAndGet();
                    }
                    exchange.sendResponseHeaders(202, -1);
                    return;
                }
                reply(exchange, JsonRpc.result(message.get("id"), answer(name, message, sends, cancellations, holds)));
            }
        });
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
    }

    /** Calls of {@code hold} waiting for {@code release}; a release answers those waiting, later holds wait for the next. */
    private static final class Holds {
        private CountDownLatch released = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();

        String hold() {
            CountDownLatch latch;
            synchronized (this) {
                latch = released;
            }
            waiting.incrementAndGet();
            try {
                return latch.await(10, TimeUnit.SECONDS) ? "held" : "never released";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } finally {
                waiting.decrementAndGet();
            }
        }

        synchronized void release() {
            released.countDown();
            released = new CountDownLatch(1);
        }
    }

    private static ObjectNode answer(String name, JsonNode request, AtomicLong sends, AtomicLong cancellations, Holds holds) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        switch (request.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", request.path("params").path("protocolVersion").asText());
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", name).put("version", "1.0");
            }
            case "tools/list" -> {
                for (String tool : new String[] {"search", "send", "sent", "hold", "holding", "release", "cancelled"}) {
                    result.withArray("tools").addObject().put("name", tool).putObject("inputSchema").put("type", "object");
                }
            }
            case "tools/call" -> {
                String text = switch (request.path("params").path("name").asText()) {
                    case "send" -> {
                        sends.incrementAndGet();
                        result.put("isError", true);
                        yield "mail queue crashed";
                    }
                    case "sent" -> Long.toString(sends.get());
                    case "hold" -> holds.hold();
                    case "holding" -> Integer.toString(holds.waiting.get());
                    case "cancelled" -> Long.toString(cancellations.get());
                    case "release" -> {
                        holds.release();
                        yield "released";
                    }
                    default -> "from " + name;
                };
                result.putArray("content").addObject().put("type", "text").put("text", text);
            }
            default -> { }
        }
        return result;
    }

    private static void reply(HttpExchange exchange, ObjectNode message) throws IOException {
        byte[] body = JsonRpc.encodeToString(message).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
