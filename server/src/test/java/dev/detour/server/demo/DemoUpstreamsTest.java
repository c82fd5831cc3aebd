package dev.detour.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.mcp.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoUpstreamsTest {

    private final DemoUpstreams upstreams = DemoUpstreams.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        upstreams.close();
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> callSearch() throws IOException, InterruptedException {
        return post(upstreams.url("search_a"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":{\"query\":\"mcp\"}}}");
    }

    private static JsonNode result(HttpResponse<String> response) {
        return JsonRpc.parse(response.body().getBytes(StandardCharsets.UTF_8)).path("result");
    }

    @Test
    void aHealthyUpstreamAnswersWithStructuredContent() throws Exception {
        JsonNode result = result(callSearch());

        assertThat(result.path("isError").asBoolean()).isFalse();
        assertThat(result.path("structuredContent").path("by").asText()).isEqualTo("search_a");
        assertThat(result.path("structuredContent").path("hits")).hasSize(2);
    }

    @Test
    void aDownUpstreamAnswersEveryRequestWith503() throws Exception {
        upstreams.inject("search_a", Fault.DOWN);

        assertThat(callSearch().statusCode()).isEqualTo(503);
        assertThat(post(upstreams.url("search_a"), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").statusCode()).isEqualTo(503);
    }

    @Test
    void anErroringUpstreamStillListsItsToolButEveryCallIsAnError() throws Exception {
        upstreams.inject("search_a", Fault.ERRORING);

        assertThat(result(post(upstreams.url("search_a"), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"))
                .path("tools").path(0).path("name").asText()).isEqualTo("search");
        assertThat(result(callSearch()).path("isError").asBoolean()).isTrue();
    }

    @Test
    void theAdminRouteSwitchesAnUpstreamsFault() throws Exception {
        HttpResponse<String> switched = post(upstreams.faultsUrl() + "/geo_b/slow", "");

        assertThat(switched.statusCode()).isEqualTo(200);
        assertThat(upstreams.faults()).containsEntry("geo_b", Fault.SLOW).containsEntry("geo_a", Fault.HEALTHY);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(upstreams.faultsUrl())).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"geo_b\":\"slow\"");
    }

    @Test
    void theAdminRouteRejectsAnUnknownUpstreamOrMode() throws Exception {
        assertThat(post(upstreams.faultsUrl() + "/geo_c/down", "").statusCode()).isEqualTo(400);
        assertThat(post(upstreams.faultsUrl() + "/geo_a/flaky", "").statusCode()).isEqualTo(400);
        assertThat(upstreams.faults().values()).containsOnly(Fault.HEALTHY);
    }

    @Test
    void everyUpstreamCountsTheToolCallsThatReachedIt() throws Exception {
        callSearch();
        upstreams.inject("search_a", Fault.DOWN);
        callSearch();

        assertThat(upstreams.toolCalls()).isEqualTo(2);
    }
}
