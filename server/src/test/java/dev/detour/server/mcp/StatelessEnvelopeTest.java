package dev.detour.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.ManualClock;
import dev.detour.router.time.Scheduler;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.StubMcpServer;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.proxy.ProxyConfig;
import dev.detour.server.proxy.ProxyServer;
import dev.detour.server.upstream.UpstreamSpec;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 2026-07-28 request envelope on Detour's own endpoint, whatever the upstream speaks (here a
 * session-era one): the per-request {@code _meta}, the mirrored headers, the removed methods, and
 * the HTTP status each error is answered with (basic/index "Per-request protocol fields",
 * transports/streamable-http "Request Metadata").
 */
class StatelessEnvelopeTest {

    static Vertx vertx;
    static StubMcpServer stub;
    static ProxyServer proxy;

    @BeforeAll
    static void start() {
        vertx = TestVertx.create();
        stub = TestVertx.await(StubMcpServer.start(vertx, "one", List.of("echo", "sample")));
        proxy = TestVertx.await(ProxyServer.start(vertx,
                ProxyConfig.builder().upstreams(List.of(new UpstreamSpec.Http("one", URI.create(stub.url())))).build(),
                McpEndpointConfig.builder().build(), new ManualClock(), Scheduler.system()));
    }

    @AfterAll
    static void stop() {
        TestVertx.await(proxy.stop());
        TestVertx.await(vertx.close());
    }

    static McpTestClient client() {
        return new McpTestClient(proxy.url());
    }

    /** A {@code server/discover} with exactly {@code meta} as its {@code _meta} (null: no {@code _meta}). */
    static McpTestClient.Reply discoverWith(ObjectNode meta, Map<String, String> headers) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        if (meta != null) {
            params.set("_meta", meta);
        }
        String body = JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(101), "server/discover", params));
        return client().post(body, headers);
    }

    static Map<String, String> modernHeaders(String version) {
        Map<String, String> headers = new HashMap<>();
        headers.put("MCP-Protocol-Version", version);
        headers.put("Mcp-Method", "server/discover");
        return headers;
    }

    static ObjectNode meta(boolean version, boolean capabilities, boolean clientInfo) {
        ObjectNode meta = JsonRpc.MAPPER.createObjectNode();
        if (version) {
            meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        }
        if (capabilities) {
            meta.putObject("io.modelcontextprotocol/clientCapabilities");
        }
        if (clientInfo) {
            meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "c").put("version", "1");
        }
        return meta;
    }

    static void assertError(McpTestClient.Reply reply, int status, int code, String messageContains) {
        assertThat(reply.status()).as("HTTP status").isEqualTo(status);
        JsonNode response = reply.response();
        assertThat(response.path("error").path("code").asInt()).isEqualTo(code);
        assertThat(response.path("error").path("message").asText()).contains(messageContains);
        assertThat(response.path("id").asInt()).as("the request's id echoed").isEqualTo(101);
    }

    @Test
    void aRequestWithoutMetaIsInvalidParamsWithHttp400() {
        assertError(discoverWith(null, modernHeaders("2026-07-28")), 400, JsonRpcException.INVALID_PARAMS, "params._meta is required");
    }

    @Test
    void aRequestWhoseMetaLacksTheProtocolVersionIsInvalidParamsWithHttp400() {
        assertError(discoverWith(meta(false, true, true), modernHeaders("2026-07-28")), 400, JsonRpcException.INVALID_PARAMS,
                "io.modelcontextprotocol/protocolVersion");
    }

    @Test
    void aRequestWhoseMetaLacksTheClientCapabilitiesIsInvalidParamsWithHttp400() {
        assertError(discoverWith(meta(true, false, true), modernHeaders("2026-07-28")), 400, JsonRpcException.INVALID_PARAMS,
                "io.modelcontextprotocol/clientCapabilities");
    }

    @Test
    void clientInfoIsOptional() {
        McpTestClient.Reply reply = discoverWith(meta(true, true, false), modernHeaders("2026-07-28"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().path("result").path("supportedVersions").toString()).contains("2026-07-28");
    }

    @Test
    void aMetaVersionTheHeaderDoesNotCarryIsAHeaderMismatch() {
        ObjectNode other = meta(true, true, true).put("io.modelcontextprotocol/protocolVersion", "v999");
        assertError(discoverWith(other, modernHeaders("2026-07-28")), 400, JsonRpcException.HEADER_MISMATCH, "must equal");
        Map<String, String> noVersionHeader = modernHeaders("2026-07-28");
        noVersionHeader.remove("MCP-Protocol-Version");
        assertError(discoverWith(meta(true, true, true), noVersionHeader), 400, JsonRpcException.HEADER_MISMATCH,
                "MCP-Protocol-Version header is missing");
    }

    @Test
    void anUnsupportedVersionInHeaderAndMetaListsTheSupportedOnesAndEchoesTheRequestedOne() {
        ObjectNode other = meta(true, true, true).put("io.modelcontextprotocol/protocolVersion", "v999.0.0");
        McpTestClient.Reply reply = discoverWith(other, modernHeaders("v999.0.0"));
        assertError(reply, 400, JsonRpcException.UNSUPPORTED_PROTOCOL_VERSION, "UnsupportedProtocolVersion");
        assertThat(reply.response().path("error").path("data").path("supported").toString()).isEqualTo("[\"2026-07-28\"]");
        assertThat(reply.response().path("error").path("data").path("requested").asText()).isEqualTo("v999.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"})
    void aMethodTheRevisionRemovedIsNotFoundWithHttp404(String method) {
        McpTestClient.Reply reply = client().stateless(method, null);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(JsonRpcException.METHOD_NOT_FOUND);
        assertThat(reply.response().path("error").path("message").asText()).contains(method).contains("removed in 2026-07-28");
    }

    @Test
    void anUnknownMethodIsNotFoundWithHttp404() {
        McpTestClient.Reply reply = client().stateless("unknown/method", null);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(JsonRpcException.METHOD_NOT_FOUND);
    }

    @Test
    void anMcpNameThatDisagreesWithTheBodyIsAHeaderMismatchAndABase64OneIsDecodedFirst() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "echo");
        params.putObject("arguments").put("text", "hi");
        McpTestClient client = client();
        String body = JsonRpc.encodeToString(client.request("tools/call",
                McpTestClient.statelessParams(params, JsonRpc.MAPPER.createObjectNode())));
        Map<String, String> headers = new HashMap<>(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call"));

        headers.put("Mcp-Name", "other");
        assertThat(client.post(body, headers).response().path("error").path("code").asInt()).isEqualTo(JsonRpcException.HEADER_MISMATCH);
        headers.put("Mcp-Name", "=?base64?" + Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8)) + "?=");
        assertThat(client.post(body, headers).response().path("result").path("content").path(0).path("text").asText()).isEqualTo("hi");
    }

    @Test
    void discoverNamesTheServerInTheResultMetaWithCacheHints() {
        JsonNode result = client().stateless("server/discover", null).response().path("result");
        assertThat(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText()).isEqualTo("stub-one");
        assertThat(result.has("serverInfo")).isFalse();
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("cacheScope").asText()).isEqualTo("private");
    }

    @Test
    void aSessionUpstreamAskingForSamplingEndsTheCallWithMissingRequiredClientCapabilityWhenTheClientDeclaredNone() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "sample");
        params.putObject("arguments");
        McpTestClient.Reply reply = client().stateless("tools/call", params);
        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.response().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(JsonRpcException.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(error.path("data").path("requiredCapabilities").path("sampling").isObject()).isTrue();
    }

    @Test
    void aSessionUpstreamAskingADeclaringClientMidCallGetsAnErrorNamingTheGap() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "sample");
        params.putObject("arguments");
        ObjectNode sampling = JsonRpc.MAPPER.createObjectNode();
        sampling.putObject("sampling");
        JsonNode error = client().stateless("tools/call", params, sampling).response().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(JsonRpcException.INTERNAL_ERROR);
        assertThat(error.path("message").asText()).contains("sampling/createMessage").contains("InputRequiredResult (MRTR)");
    }
}
