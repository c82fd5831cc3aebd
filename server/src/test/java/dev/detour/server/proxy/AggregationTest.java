package dev.detour.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.ManualClock;
import dev.detour.router.time.Scheduler;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.StubMcpServer;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.upstream.UpstreamSpec;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two upstreams behind one endpoint: merged lists, name-collision policies, routing, list changes. */
class AggregationTest {

    static Vertx vertx;
    static StubMcpServer alpha;
    static StubMcpServer beta;
    final List<ProxyServer> proxies = new ArrayList<>();

    @BeforeAll
    static void start() {
        vertx = TestVertx.create();
        alpha = TestVertx.await(StubMcpServer.start(vertx, "alpha", List.of("echo", "whoami", "only_a")));
        beta = TestVertx.await(StubMcpServer.start(vertx, "beta", List.of("echo", "whoami", "only_b")));
    }

    @AfterEach
    void stopProxies() {
        proxies.forEach(p -> TestVertx.await(p.stop()));
    }

    @AfterAll
    static void stop() {
        TestVertx.await(vertx.close());
    }

    McpTestClient sessionThrough(NamePolicy policy) {
        ProxyServer proxy = TestVertx.await(ProxyServer.start(vertx, ProxyConfig.builder()
                        .upstreams(List.of(new UpstreamSpec.Http("alpha", URI.create(alpha.url())),
                                new UpstreamSpec.Http("beta", URI.create(beta.url()))))
                        .namePolicy(policy).build(),
                McpEndpointConfig.ofDefaults(), new ManualClock(), Scheduler.system()));
        proxies.add(proxy);
        McpTestClient client = new McpTestClient(proxy.url());
        client.initialize("2025-11-25");
        return client;
    }

    static List<String> toolNames(McpTestClient client) {
        JsonNode result = client.rpc("tools/list", null).response().path("result");
        assertThat(result.has("nextCursor")).isFalse();
        List<String> names = new ArrayList<>();
        result.path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    static String whoAnswers(McpTestClient client, String tool) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.putObject("arguments").put("text", "x");
        JsonNode result = client.rpc("tools/call", params).response().path("result");
        return "echo".equals(tool) || tool.endsWith("_echo")
                ? result.path("structuredContent").path("from").asText()
                : result.path("content").get(0).path("text").asText();
    }

    @Test
    void conditionalPrefixesOnlyTheCollidingNamesAcrossAllPages() {
        McpTestClient client = sessionThrough(NamePolicy.CONDITIONAL);
        assertThat(toolNames(client)).containsExactly("alpha_echo", "alpha_whoami", "only_a", "beta_echo", "beta_whoami", "only_b");
        assertThat(whoAnswers(client, "beta_whoami")).isEqualTo("beta");
        assertThat(whoAnswers(client, "alpha_echo")).isEqualTo("alpha");
    }

    @Test
    void aPrefixedCallReachesTheUpstreamUnderItsOriginalName() {
        McpTestClient client = sessionThrough(NamePolicy.CONDITIONAL);
        toolNames(client);
        whoAnswers(client, "beta_echo");
        assertThat(beta.received("tools/call").get(beta.received("tools/call").size() - 1)
                .path("params").path("name").asText()).isEqualTo("echo");
    }

    @Test
    void neverLetsTheFirstUpstreamWinACollision() {
        McpTestClient client = sessionThrough(NamePolicy.NEVER);
        assertThat(toolNames(client)).containsExactly("echo", "whoami", "only_a", "only_b");
        assertThat(whoAnswers(client, "whoami")).isEqualTo("alpha");
        client.rpc("tools/call", JsonRpc.MAPPER.createObjectNode().put("name", "only_b"));
        assertThat(beta.received("tools/call").get(beta.received("tools/call").size() - 1)
                .path("params").path("name").asText()).isEqualTo("only_b");
    }

    @Test
    void alwaysPrefixesEveryName() {
        McpTestClient client = sessionThrough(NamePolicy.ALWAYS);
        assertThat(toolNames(client)).containsExactly("alpha_echo", "alpha_whoami", "alpha_only_a",
                "beta_echo", "beta_whoami", "beta_only_b");
    }

    @Test
    void aCallToAToolNoUpstreamOffersIsInvalidParamsNamingTheTool() {
        McpTestClient client = sessionThrough(NamePolicy.CONDITIONAL);
        JsonNode error = client.rpc("tools/call", JsonRpc.MAPPER.createObjectNode().put("name", "nope")).response().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(error.path("message").asText()).isEqualTo("Unknown tool: 'nope'");
    }

    @Test
    void anUnknownMethodIsMethodNotFoundWhenAggregating() {
        JsonNode error = sessionThrough(NamePolicy.CONDITIONAL).rpc("foo/bar", null).response().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32601);
        assertThat(error.path("message").asText()).contains("'foo/bar'");
    }

    @Test
    void resourcesArePooledAndReadsGoToTheirOwner() {
        McpTestClient client = sessionThrough(NamePolicy.CONDITIONAL);
        assertThat(client.rpc("resources/list", null).response().path("result").path("resources")).hasSize(2);
        JsonNode read = client.rpc("resources/read", JsonRpc.MAPPER.createObjectNode().put("uri", "stub://beta/items/7"))
                .response().path("result");
        assertThat(read.path("contents").get(0).path("text").asText()).isEqualTo("read by beta");
    }

    @Test
    void theInitializeResultMergesCapabilitiesAndNamesDetour() {
        ProxyServer proxy = TestVertx.await(ProxyServer.start(vertx, ProxyConfig.builder()
                        .upstreams(List.of(new UpstreamSpec.Http("alpha", URI.create(alpha.url())),
                                new UpstreamSpec.Http("beta", URI.create(beta.url())))).build(),
                McpEndpointConfig.ofDefaults(), new ManualClock(), Scheduler.system()));
        proxies.add(proxy);
        JsonNode result = new McpTestClient(proxy.url()).initialize("2025-06-18").response().path("result");
        assertThat(result.path("serverInfo").path("name").asText()).isEqualTo("detour");
        assertThat(result.path("capabilities").path("tools").path("listChanged").asBoolean()).isTrue();
        assertThat(result.path("instructions").asText()).contains("[alpha] stub alpha").contains("[beta] stub beta");
    }

    @Test
    void toolsListChangedFromAnyUpstreamIsPropagated() throws Exception {
        McpTestClient client = sessionThrough(NamePolicy.CONDITIONAL);
        TestVertx.awaitCondition("Detour opened its GET stream on beta", 10_000, () -> beta.openGetStreams() > 0);
        HttpRequest.Builder request = HttpRequest.newBuilder(client.url()).GET();
        client.headers(Map.of("Accept", "text/event-stream")).forEach(request::header);
        HttpResponse<Stream<String>> response = client.http()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        beta.emitToolsListChanged();
        assertThat(PassThroughTest.nextMessage(lines).path("method").asText()).isEqualTo("notifications/tools/list_changed");
    }
}
