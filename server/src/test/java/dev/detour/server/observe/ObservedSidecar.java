package dev.detour.server.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.Script;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.demo.DemoUpstreams;
import dev.detour.server.demo.Fault;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link DetourSidecar} with its admin listener on a free port, in front of the demo's in-process
 * upstreams ({@code search_a}, {@code search_b}, {@code summariser}), serving:
 *
 * <ul>
 *   <li>{@code web_search}: a logical tool over {@code search_a} (cost 10) and {@code search_b} (cost 30);
 *   <li>{@code research}: the demo's linear goal tool, search then summarise, demoted by its ladder to the bare sources;
 *   <li>{@code digest}: the same graph without a ladder, so the LLM of the {@code llm} section decides
 *       when no summary can be made: a {@link ScriptedModelServer} on loopback (by default it demotes to
 *       the first reachable goal), asked through LangChain4j's OpenAI client with the key {@link #API_KEY}.
 * </ul>
 *
 * Plus an MCP client session and an HTTP client for the admin listener.
 */
final class ObservedSidecar implements AutoCloseable {

    /** Monitors that never change health during a test: routing reacts to call failures alone. */
    static final String QUIET_MONITORS = """
            monitors:
              breaker: {slidingWindowSize: 100, minimumNumberOfCalls: 100}
              outlier: {enabled: false}
              latency: {enabled: false}
              probes: {enabled: false}
            """;

    /** Probes alone, every 50 ms, one failure marks an upstream's tools unavailable. */
    static final String FAST_PROBES = """
            monitors:
              breaker: {enabled: false}
              outlier: {enabled: false}
              latency: {enabled: false}
              probes: {interval: 50ms, timeout: 500ms, failureThreshold: 1, successThreshold: 1}
            """;

    private static final String DIGEST_GRAPH = """
            name: digest
            description: Search, then summarise; no ladder.
            start: topic
            steps:
              topic: {}
              search_a: {tool: search.a, output: hits, args: {query: "${input/topic}"}, annotations: {readOnly: true}}
              search_b: {tool: search.b, output: hits, args: {query: "${input/topic}"}, annotations: {readOnly: true}}
              found: {}
              summarise: {tool: summarise, output: summary, args: {text: "${hits/structuredContent/hits}"}, annotations: {readOnly: true}}
              report: {}
              sources: {}
            transitions:
              - {from: topic, to: search_a, cost: 10}
              - {from: topic, to: search_b, cost: 30}
              - {from: search_a, to: found, cost: 0}
              - {from: search_b, to: found, cost: 0}
              - {from: found, to: summarise, cost: 20}
              - {from: summarise, to: report, cost: 0}
              - {from: found, to: sources, cost: 0}
            goals: [report, sources]
            """;

    /** The {@code llm} section's key: it must show nowhere (metrics, admin API, logs). */
    static final String API_KEY = "sk-observed-do-not-show";
    /** The {@code llm} section's model name, as the LLM meters label it. */
    static final String MODEL = "scripted-model";

    final DemoUpstreams upstreams = DemoUpstreams.start();
    final ScriptedModelServer model;
    final PrometheusMeterRegistry registry = SidecarMetrics.newRegistry();
    final Vertx vertx = SidecarMetrics.measuredVertx(registry, TestVertx.options());
    final Path file;
    final DetourSidecar sidecar;
    final McpTestClient client;
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean stopped;

    /** Serves the tools above with {@code monitors} (e.g. {@link #QUIET_MONITORS}), config and graph written to {@code dir}. */
    ObservedSidecar(Path dir, String monitors) {
        this(dir, monitors, Script.always(Reply.demoteToFirstReachable()));
    }

    /** As {@link #ObservedSidecar(Path, String)}, with the model answering from {@code script}. */
    ObservedSidecar(Path dir, String monitors, Script script) {
        model = ScriptedModelServer.start(script);
        try {
            Files.writeString(dir.resolve("digest.yaml"), DIGEST_GRAPH);
            file = Files.writeString(dir.resolve("detour.yaml"), config(monitors));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sidecar = TestVertx.await(DetourSidecar.start(vertx, ConfigLoader.load(file),
                SidecarOptions.builder().adminPort(0).meterRegistry(registry).build()));
        client = new McpTestClient(sidecar.url());
        client.initialize("2025-06-18");
    }

    String config(String monitors) {
        return """
                upstreams:
                  search_a: {url: "%s"}
                  search_b: {url: "%s"}
                  summariser: {url: "%s"}
                logicalTools:
                  web_search:
                    description: Search the web.
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: search_a, tool: search, cost: 10}
                      - {upstream: search_b, tool: search, cost: 30}
                goalTools:
                  research:
                    description: Search and summarise; the bare sources when no summary can be made.
                    graph: classpath:demo/graphs/research.yaml
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      summarise: {upstream: summariser, tool: summarise}
                  digest:
                    description: Search and summarise; the escalation policy decides when no summary can be made.
                    graph: digest.yaml
                    bindings:
                      search.a: {upstream: search_a, tool: search}
                      search.b: {upstream: search_b, tool: search}
                      summarise: {upstream: summariser, tool: summarise}
                llm:
                  provider: openai-compatible
                  baseUrl: "%s"
                  model: %s
                  apiKey: %s
                %s
                """.formatted(upstreams.url("search_a"), upstreams.url("search_b"), upstreams.url("summariser"), model.baseUrl(), MODEL,
                API_KEY, monitors);
    }

    void inject(String upstream, Fault fault) {
        upstreams.inject(upstream, fault);
    }

    /** {@code tools/call} of {@code web_search}; the result. */
    JsonNode search(String query) {
        return call("web_search", JsonRpc.MAPPER.createObjectNode().put("query", query));
    }

    /** {@code tools/call} of goal tool {@code tool} with {@code {"topic": topic}}; the result. */
    JsonNode research(String tool, String topic) {
        return call(tool, JsonRpc.MAPPER.createObjectNode().put("topic", topic));
    }

    private JsonNode call(String tool, ObjectNode arguments) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return client.rpc("tools/call", params).response().path("result");
    }

    /** GET on the admin listener. */
    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sidecar.adminUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET on the admin listener, parsed as JSON. */
    JsonNode getJson(String path) {
        try {
            return JsonRpc.MAPPER.readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /metrics}, parsed. */
    PrometheusText scrape() {
        return PrometheusText.parse(get("/metrics").body());
    }

    /** Waits until {@code /metrics} shows {@code value} for the sample, at most 5 s. */
    void awaitMetric(String name, double value, String... labels) {
        TestVertx.awaitCondition(name + " " + String.join(",", labels) + " = " + value, 5_000, () -> scrape().value(name, labels) == value);
    }

    /** Stops the sidecar (as {@link #close} does, once). */
    void stop() {
        if (!stopped) {
            stopped = true;
            TestVertx.await(sidecar.stop());
        }
    }

    @Override
    public void close() {
        try {
            stop();
            TestVertx.await(vertx.close());
        } finally {
            upstreams.close();
            model.close();
        }
    }
}
