package dev.detour.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.ManualClock;
import dev.detour.router.time.Scheduler;
import dev.detour.server.fakes.ListenStream;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.StatelessStubServer;
import dev.detour.server.fakes.StubMcpServer;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.upstream.UpstreamSpec;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 2026-07-28 client through Detour: to an upstream that serves 2026-07-28 itself, everything is
 * relayed intact — the client's {@code _meta}, multi-round results and their {@code requestState},
 * the upstream's errors with their HTTP status, {@code subscriptions/listen} streams; to a
 * session-era upstream, Detour serves {@code subscriptions/listen} from the upstream's session.
 */
class StatelessRelayTest {

    static Vertx vertx;
    static StatelessStubServer modern;
    static StubMcpServer sessionEra;
    static ProxyServer toModern;
    static ProxyServer toSessionEra;

    @BeforeAll
    static void start() {
        vertx = TestVertx.create();
        modern = TestVertx.await(StatelessStubServer.start(vertx));
        sessionEra = TestVertx.await(StubMcpServer.start(vertx, "old", List.of("echo")));
        toModern = proxyTo(new UpstreamSpec.Http("modern", URI.create(modern.url())));
        toSessionEra = proxyTo(new UpstreamSpec.Http("old", URI.create(sessionEra.url())));
    }

    static ProxyServer proxyTo(UpstreamSpec upstream) {
        return TestVertx.await(ProxyServer.start(vertx, ProxyConfig.builder().upstreams(List.of(upstream)).build(),
                McpEndpointConfig.builder().build(), new ManualClock(), Scheduler.system()));
    }

    @AfterAll
    static void stop() {
        TestVertx.await(toModern.stop());
        TestVertx.await(toSessionEra.stop());
        TestVertx.await(vertx.close());
    }

    static ObjectNode call(String tool) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.putObject("arguments");
        return params;
    }

    static ObjectNode declaring(String capability) {
        ObjectNode capabilities = JsonRpc.MAPPER.createObjectNode();
        capabilities.putObject(capability);
        return capabilities;
    }

    @Test
    void anInputRequiredResultAndItsRetryCrossDetourIntact() {
        McpTestClient client = new McpTestClient(toModern.url());
        JsonNode first = client.stateless("tools/call", call("ask"), declaring("elicitation")).response().path("result");

        assertThat(first.path("resultType").asText()).isEqualTo("input_required");
        assertThat(first.path("requestState").asText()).isEqualTo(StatelessStubServer.REQUEST_STATE);
        assertThat(first.path("inputRequests").path("login").path("method").asText()).isEqualTo("elicitation/create");
        assertThat(first.has("ttlMs")).as("an interim result carries no caching hints").isFalse();

        ObjectNode retry = call("ask");
        retry.set("requestState", first.get("requestState"));
        retry.putObject("inputResponses").putObject("login").put("action", "accept").putObject("content").put("name", "octocat");
        JsonNode done = client.stateless("tools/call", retry, declaring("elicitation")).response().path("result");

        assertThat(done.path("resultType").asText()).isEqualTo("complete");
        assertThat(done.path("content").path(0).path("text").asText()).isEqualTo("hello octocat");
        StatelessStubServer.Received seen = modern.received("tools/call").getLast();
        assertThat(seen.message().path("params").path("inputResponses")).isEqualTo(retry.get("inputResponses"));
        assertThat(seen.message().path("params").path("_meta").path("io.modelcontextprotocol/clientCapabilities"))
                .isEqualTo(declaring("elicitation"));
        assertThat(seen.message().path("params").path("_meta").path("io.modelcontextprotocol/clientInfo").path("name").asText())
                .isEqualTo("modern-test-client");
    }

    @Test
    void theUpstreamSeesTheMirroredHeadersAndNoSession() {
        new McpTestClient(toModern.url()).stateless("tools/call", call("ask"), declaring("elicitation"));

        StatelessStubServer.Received seen = modern.received("tools/call").getLast();
        assertThat(seen.headers().get("MCP-Protocol-Version")).isEqualTo("2026-07-28");
        assertThat(seen.headers().get("Mcp-Method")).isEqualTo("tools/call");
        assertThat(seen.headers().get("Mcp-Name")).isEqualTo("ask");
        assertThat(seen.headers().get("Mcp-Session-Id")).isNull();
        assertThat(modern.received("initialize")).as("no session-era handshake with a 2026-07-28 upstream").isEmpty();
    }

    @Test
    void theUpstreamsMissingCapabilityErrorReachesTheClientWithHttp400AndItsData() {
        McpTestClient.Reply reply = new McpTestClient(toModern.url()).stateless("tools/call", call("needs_sampling"));

        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.response().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(JsonRpcException.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(error.path("data").path("requiredCapabilities").path("sampling").isObject()).isTrue();
    }

    @Test
    void theUpstreamsCachingHintsPassThrough() {
        JsonNode result = new McpTestClient(toModern.url()).stateless("tools/list", null).response().path("result");

        assertThat(result.path("ttlMs").asInt()).isEqualTo(60_000);
        assertThat(result.path("cacheScope").asText()).isEqualTo("public");
    }

    @Test
    void aListenStreamIsRelayedWithTheClientsSubscriptionIdAndClosesUpstreamWhenTheClientCloses() {
        McpTestClient client = new McpTestClient(toModern.url());
        try (ListenStream stream = ListenStream.open(client, JsonRpc.MAPPER.createObjectNode().put("toolsListChanged", true))) {
            JsonNode ack = stream.next();
            assertThat(ack.path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            JsonNode subscriptionId = ack.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId");
            assertThat(ack.path("params").path("notifications").path("toolsListChanged").asBoolean()).isTrue();

            client.stateless("tools/call", call("change_tools"));

            JsonNode changed = stream.next();
            assertThat(changed.path("method").asText()).isEqualTo("notifications/tools/list_changed");
            assertThat(changed.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId")).isEqualTo(subscriptionId);
            assertThat(modern.openListenStreams()).isEqualTo(1);
        }
        TestVertx.awaitCondition("Detour closed its upstream listen stream", 10_000, () -> modern.openListenStreams() == 0);
    }

    @Test
    void aSessionEraUpstreamsListChangesReachOnlyTheListenStreamsWhoseFilterAsksForThem() {
        McpTestClient client = new McpTestClient(toSessionEra.url());
        client.stateless("tools/list", null);
        try (ListenStream tools = ListenStream.open(client, JsonRpc.MAPPER.createObjectNode().put("toolsListChanged", true));
                ListenStream prompts = ListenStream.open(client, JsonRpc.MAPPER.createObjectNode().put("promptsListChanged", true))) {
            JsonNode toolsAck = tools.next();
            JsonNode promptsAck = prompts.next();
            assertThat(toolsAck.path("params").path("notifications").path("toolsListChanged").asBoolean()).isTrue();
            assertThat(promptsAck.path("params").path("notifications").has("promptsListChanged"))
                    .as("the upstream does not announce prompt changes, so Detour does not acknowledge them").isFalse();
            TestVertx.awaitCondition("the shared session's GET stream is open", 10_000, () -> sessionEra.openGetStreams() > 0);

            sessionEra.emitToolsListChanged();

            JsonNode changed = tools.next();
            assertThat(changed.path("method").asText()).isEqualTo("notifications/tools/list_changed");
            assertThat(changed.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId"))
                    .isEqualTo(toolsAck.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId"));
            assertThat(prompts.next(300)).as("nothing on a stream that did not ask for tool changes").isNull();
        }
    }

    @Test
    void aSessionClientInFrontOfAStatelessOnlyUpstreamIsToldWhatDetourDoesNotBridge() {
        JsonNode error = new McpTestClient(toModern.url()).initialize("2025-11-25").response().path("error");

        assertThat(error.path("message").asText()).contains("serves only 2026-07-28")
                .contains("does not bridge a 2025 session");
    }
}
