package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.demo.Fault;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener over real HTTP: health endpoints, {@code /metrics}, {@code /admin/graph}, {@code /admin/routes}. */
class AdminServerTest {

    @TempDir
    Path dir;

    ObservedSidecar detour;

    @AfterEach
    void stop() {
        if (detour != null) {
            detour.close();
        }
    }

    @Test
    void livenessAndReadinessAnswerUpOnceStarted() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);

        HttpResponse<String> live = detour.get("/health/live");
        HttpResponse<String> ready = detour.get("/health/ready");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void afterStopTheAdminListenerNoLongerAnswersReady() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);

        detour.stop();

        Throwable refused = catchThrowable(() -> detour.get("/health/ready"));
        if (refused == null) {
            assertThat(detour.get("/health/ready").statusCode()).isEqualTo(503);
        } else {
            assertThat(refused).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void metricsAreInPrometheusTextFormatUnlessTheScraperAsksForOpenMetrics() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);

        HttpResponse<String> text = detour.get("/metrics");
        HttpResponse<String> openMetrics = detour.get("/metrics", "Accept",
                "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).contains("# TYPE detour_tool_health gauge");
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics.body()).endsWith("# EOF\n");
    }

    @Test
    void theGraphShowsAnUnavailableToolWithAnInfiniteWeightAndWhy() {
        detour = new ObservedSidecar(dir, ObservedSidecar.FAST_PROBES);
        detour.inject("search_a", Fault.DOWN);
        detour.awaitMetric("detour_tool_health", 1, "tool", "search@search_a", "state", "UNAVAILABLE");

        JsonNode webSearch = graph(detour.getJson("/admin/graph"), "web_search");

        assertThat(transition(webSearch, "start", "search@search_a").path("weight").asText()).isEqualTo("Infinity");
        assertThat(transition(webSearch, "start", "search@search_a").path("baseCost").asDouble()).isEqualTo(10);
        assertThat(transition(webSearch, "start", "search@search_b").path("weight").asDouble()).isEqualTo(30);
        JsonNode health = step(webSearch, "search@search_a").path("health");
        assertThat(health.path("state").asText()).isEqualTo("UNAVAILABLE");
        assertThat(health.path("reason").asText()).isNotBlank();
    }

    @Test
    void theGraphListsEveryHealingToolNamedAsTheAgentSeesIt() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);

        List<String> names = new ArrayList<>();
        detour.getJson("/admin/graph").path("graphs").forEach(g -> names.add(g.path("name").asText()));

        assertThat(names).containsExactly("web_search", "research", "digest");
    }

    @Test
    void routesReturnTheMostRecentEventsNewestLast() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);
        detour.inject("search_a", Fault.DOWN);
        detour.search("mcp");

        JsonNode all = detour.getJson("/admin/routes");
        JsonNode lastTwo = detour.getJson("/admin/routes?limit=2");

        assertThat(types(all)).containsExactly("StepFailed", "Rerouted", "StepSucceeded", "Completed");
        assertThat(types(lastTwo)).containsExactly("StepSucceeded", "Completed");
        JsonNode rerouted = all.get(1);
        assertThat(rerouted.path("failedStep").asText()).isEqualTo("search@search_a");
        assertThat(rerouted.path("traceId").asText()).isEqualTo(all.get(0).path("traceId").asText());
        assertThat(all.get(0).path("error").path("category").asText()).isNotBlank();
    }

    @Test
    void routesRejectALimitThatIsNotAPositiveNumber() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);

        HttpResponse<String> zero = detour.get("/admin/routes?limit=0");
        HttpResponse<String> word = detour.get("/admin/routes?limit=many");

        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(word.body()).contains("limit must be a positive integer, got 'many'");
    }

    @Test
    void aTakenAdminPortFailsTheStartNamingTheAddress() throws IOException {
        Vertx vertx = TestVertx.create();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = Files.writeString(dir.resolve("detour.yaml"), """
                    upstreams:
                      a: {url: "http://127.0.0.1:9/mcp"}
                    logicalTools:
                      search: {description: Search., providers: [{upstream: a, tool: s}]}
                    """);
            SidecarOptions options = SidecarOptions.builder().adminPort(taken.getLocalPort()).build();

            Throwable failure = catchThrowable(() -> DetourSidecar.start(vertx, ConfigLoader.load(file), options).await(10, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("admin listener cannot listen on 127.0.0.1:" + taken.getLocalPort());
        } finally {
            TestVertx.await(vertx.close());
        }
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static JsonNode graph(JsonNode snapshot, String name) {
        for (JsonNode g : snapshot.path("graphs")) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no graph " + name + " in " + snapshot);
    }

    private static JsonNode transition(JsonNode graph, String from, String to) {
        for (JsonNode t : graph.path("transitions")) {
            if (t.path("from").asText().equals(from) && t.path("to").asText().equals(to)) {
                return t;
            }
        }
        throw new AssertionError("no transition " + from + " -> " + to + " in " + graph);
    }

    private static JsonNode step(JsonNode graph, String id) {
        for (JsonNode s : graph.path("steps")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no step " + id + " in " + graph);
    }
}
