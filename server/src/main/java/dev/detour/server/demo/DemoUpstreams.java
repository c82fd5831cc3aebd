package dev.detour.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.detour.server.mcp.JsonRpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's upstream MCP servers, all in this process on one loopback HTTP server (the JDK's own, so
 * they share no code with Detour's transports): each upstream is a sessionless Streamable HTTP MCP
 * server at {@code /upstreams/NAME/mcp} answering in JSON, with one tool and a {@link Fault} switch.
 *
 * <p>Faults are switched with {@link #inject} or over HTTP on the same server:
 * {@code POST /demo/faults/NAME/MODE} (MODE one of healthy, down, erroring, slow);
 * {@code GET /demo/faults} lists every upstream's current mode.
 */
public final class DemoUpstreams implements AutoCloseable {

    /** How long the slow-but-healthy {@code forecast} tool takes when healthy: 150 ms. */
    public static final Duration FORECAST_LATENCY = Duration.ofMillis(150);
    /** How much later than usual an upstream in {@link Fault#SLOW} answers: 2 s. */
    public static final Duration SLOW_FAULT_DELAY = Duration.ofSeconds(2);

    /** One demo upstream: its name and the one tool it serves. */
    public record Upstream(String name, String tool, String description) {}

    /** The demo's upstreams: two search providers, two geocoders, a slow forecast, a summariser. */
    public static final List<Upstream> UPSTREAMS = List.of(
            new Upstream("search_a", "search", "Search the web (provider A)."),
            new Upstream("search_b", "search", "Search the web (provider B)."),
            new Upstream("geo_a", "geocode", "Turn an address into coordinates (geocoder A)."),
            new Upstream("geo_b", "geocode", "Turn an address into coordinates (geocoder B)."),
            new Upstream("weather", "forecast", "Tomorrow's forecast for a place; slow but healthy."),
            new Upstream("summariser", "summarise", "Summarise a text in one sentence."));

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private DemoUpstreams(HttpServer server) {
        this.server = server;
        for (Upstream u : UPSTREAMS) {
            upstreams.put(u.name(), u);
            faults.put(u.name(), Fault.HEALTHY);
            calls.put(u.name(), new AtomicLong());
        }
    }

    /** Starts every upstream on one free loopback port. */
    public static DemoUpstreams start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the demo upstreams' port: " + e.getMessage(), e);
        }
        DemoUpstreams demo = new DemoUpstreams(server);
        server.setExecutor(demo.executor);
        server.createContext("/upstreams/", demo::onMcp);
        server.createContext("/demo/faults", demo::onFaults);
        server.start();
        return demo;
    }

    /** The MCP URL of upstream {@code name}. */
    public String url(String name) {
        return base() + "/upstreams/" + name + "/mcp";
    }

    /** The admin route that switches faults: POST {@code base()/demo/faults/NAME/MODE}. */
    public String faultsUrl() {
        return base() + "/demo/faults";
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Switches upstream {@code name} to {@code fault}. @throws IllegalArgumentException for an unknown upstream */
    public void inject(String name, Fault fault) {
        if (!upstreams.containsKey(name)) {
            throw new IllegalArgumentException("no demo upstream '" + name + "'; the upstreams are " + upstreams.keySet());
        }
        faults.put(name, fault);
    }

    /** Brings every upstream back to {@link Fault#HEALTHY}. */
    public void healAll() {
        faults.replaceAll((name, fault) -> Fault.HEALTHY);
    }

    /** The current fault of each upstream, in declaration order. */
    public Map<String, Fault> faults() {
        Map<String, Fault> copy = new LinkedHashMap<>();
        upstreams.keySet().forEach(name -> copy.put(name, faults.get(name)));
        return copy;
    }

    /** {@code tools/call} requests that reached the upstreams (answered or failed by a fault). */
    public long toolCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void onMcp(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            Upstream upstream = path.length == 4 && "mcp".equals(path[3]) ? upstreams.get(path[2]) : null;
            if (upstream == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1); // no GET stream: these servers never call back
                return;
            }
            JsonNode message;
            try (InputStream in = exchange.getRequestBody()) {
                message = JsonRpc.parse(in.readAllBytes());
            }
            Fault fault = faults.get(upstream.name());
            if ("tools/call".equals(message.path("method").asText())) {
                calls.get(upstream.name()).incrementAndGet();
            }
            if (fault == Fault.DOWN) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            if (fault == Fault.SLOW) {
                pause(SLOW_FAULT_DELAY);
            }
            send(exchange, 200, "application/json", JsonRpc.encodeToString(JsonRpc.result(message.get("id"), answer(upstream, message, fault))));
        }
    }

    private static ObjectNode answer(Upstream upstream, JsonNode request, Fault fault) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        switch (request.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", request.path("params").path("protocolVersion").asText());
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "detour-demo-" + upstream.name()).put("version", "1.0");
            }
            case "tools/list" -> {
                ObjectNode tool = result.putArray("tools").addObject().put("name", upstream.tool()).put("description", upstream.description());
                tool.putObject("inputSchema").put("type", "object");
                tool.putObject("annotations").put("readOnlyHint", true);
            }
            case "tools/call" -> {
                if (fault == Fault.ERRORING) {
                    result.put("isError", true).putArray("content").addObject().put("type", "text")
                            .put("text", upstream.name() + " failed internally (demo fault: erroring)");
                } else {
                    callTool(upstream, request.path("params").path("arguments"), result);
                }
            }
            default -> { } // ping and anything else: an empty result
        }
        return result;
    }

    /** Deterministic answers, shaped so later graph steps can template on {@code structuredContent}. */
    private static void callTool(Upstream upstream, JsonNode arguments, ObjectNode result) {
        ObjectNode structured = result.putObject("structuredContent").put("by", upstream.name());
        String text = switch (upstream.tool()) {
            case "search" -> {
                String query = arguments.path("query").asText("");
                structured.putArray("hits").add("https://modelcontextprotocol.io/specification").add("https://example.org/news/" + slug(query));
                yield upstream.name() + ": 2 hits for '" + query + "'";
            }
            case "geocode" -> {
                structured.put("lat", 52.52).put("lon", 13.405);
                yield upstream.name() + ": " + arguments.path("address").asText("") + " is at 52.52, 13.405";
            }
            case "forecast" -> {
                pause(FORECAST_LATENCY);
                structured.put("forecast", "dry, 18 °C");
                yield upstream.name() + ": tomorrow dry, 18 °C";
            }
            default -> {
                structured.put("summary", "Routing, not reasoning: most tool failures need a detour, not a model call.");
                yield upstream.name() + ": Routing, not reasoning: most tool failures need a detour, not a model call.";
            }
        };
        result.putArray("content").addObject().put("type", "text").put("text", text);
    }

    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Simulated latency; requests run on virtual threads, so a pause holds no platform thread. */
    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onFaults(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            if ("GET".equals(exchange.getRequestMethod()) && path.length == 3) {
                send(exchange, 200, "application/json", JsonRpc.encodeToString(JsonRpc.MAPPER.valueToTree(wireFaults())));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || path.length != 5) {
                send(exchange, 404, "text/plain", "use POST /demo/faults/UPSTREAM/MODE (MODE: healthy, down, erroring, slow) or GET /demo/faults\n");
                return;
            }
            Optional<Fault> fault = Fault.named(path[4]);
            if (!upstreams.containsKey(path[3]) || fault.isEmpty()) {
                send(exchange, 400, "text/plain", "unknown upstream or mode; upstreams: " + upstreams.keySet()
                        + ", modes: healthy, down, erroring, slow\n");
                return;
            }
            inject(path[3], fault.get());
            send(exchange, 200, "text/plain", path[3] + " is now " + fault.get().wireName() + "\n");
        }
    }

    private Map<String, String> wireFaults() {
        Map<String, String> wire = new LinkedHashMap<>();
        faults().forEach((name, fault) -> wire.put(name, fault.wireName()));
        return wire;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
