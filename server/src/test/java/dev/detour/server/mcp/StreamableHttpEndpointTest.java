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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The downstream transport rules: sessions, versions, headers, and every protocol fault. */
class StreamableHttpEndpointTest {

    static final Duration IDLE = Duration.ofMinutes(5);
    static Vertx vertx;
    static StubMcpServer stub;
    static ProxyServer proxy;
    static ManualClock ticker = new ManualClock();

    @BeforeAll
    static void start() {
        vertx = TestVertx.create();
        stub = TestVertx.await(StubMcpServer.start(vertx, "one", List.of("echo", "progress", "whoami")));
        proxy = TestVertx.await(ProxyServer.start(vertx,
                ProxyConfig.builder().upstreams(List.of(new UpstreamSpec.Http("one", URI.create(stub.url())))).build(),
                McpEndpointConfig.builder().maxBodyBytes(64 * 1024).sessionIdleTimeout(IDLE).build(), ticker, Scheduler.system()));
    }

    @AfterAll
    static void stop() {
        TestVertx.await(proxy.stop());
        TestVertx.await(vertx.close());
    }

    McpTestClient client() {
        return new McpTestClient(proxy.url());
    }

    McpTestClient session() {
        McpTestClient client = client();
        client.initialize("2025-11-25");
        return client;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
    void initializeAgreesToEverySessionRevisionAndIssuesAnUnguessableSessionId(String version) {
        McpTestClient client = client();
        McpTestClient.Reply reply = client.initialize(version);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().path("result").path("protocolVersion").asText()).isEqualTo(version);
        assertThat(client.sessionId()).matches("[A-Za-z0-9_-]{43}");
        assertThat(reply.response().path("result").path("serverInfo").path("name").asText()).isEqualTo("stub-one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "2026-07-28", "1999-01-01"})
    void initializeWithAnUnsupportedRevisionIsAnsweredWithTheLatestSessionRevision(String version) {
        assertThat(client().initialize(version).response().path("result").path("protocolVersion").asText())
                .isEqualTo("2025-11-25");
    }

    @Test
    void invalidJsonIsAParseErrorAndTheServerKeepsServing() {
        McpTestClient client = session();
        McpTestClient.Reply reply = client.post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(reply.response().path("error").path("message").asText()).startsWith("Parse error:").contains("line 1");
        assertThat(reply.response().get("id").isNull()).isTrue();
        assertThat(client.rpc("ping", null).response().has("result")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "42|must be an object",
        "{\"id\":1,\"method\":\"ping\"}|'jsonrpc'",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}|'jsonrpc'",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}|'id'",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}|'method'",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}|'params'",
        "{\"jsonrpc\":\"2.0\",\"id\":1}|exactly one of 'result' and 'error'",
        "{\"jsonrpc\":\"2.0\"}|needs 'method'",
        "[]|batch is empty"
    })
    void wrongJsonRpcShapesAreInvalidRequestsNamingTheField(String caseText) {
        String[] parts = caseText.split("\\|");
        McpTestClient client = session();
        McpTestClient.Reply reply = client.post(parts[0], Map.of());
        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.response().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32600);
        assertThat(error.path("message").asText()).contains(parts[1]);
        assertThat(client.rpc("ping", null).status()).isEqualTo(200);
    }

    @Test
    void anUnknownSessionIs404WithSessionNotFound() {
        McpTestClient client = session();
        client.sessionId("not-a-session");
        McpTestClient.Reply reply = client.rpc("ping", null);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(-32001);
        assertThat(reply.response().path("error").path("message").asText()).startsWith("Session not found");
    }

    @Test
    void aRequestWithoutSessionIdIs400() {
        McpTestClient client = client();
        McpTestClient.Reply reply = client.rpc("tools/list", null);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.response().path("error").path("message").asText()).contains("Mcp-Session-Id header is required");
    }

    @Test
    void anOversizeBodyIs413AndTheServerKeepsServing() {
        McpTestClient client = session();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";
        McpTestClient.Reply reply = client.post(big, Map.of());
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.response().path("error").path("message").asText()).contains("exceeds 65536 bytes");
        assertThat(client.rpc("ping", null).status()).isEqualTo(200);
    }

    @Test
    void aForeignOriginIs403() {
        McpTestClient client = session();
        McpTestClient.Reply reply = client.post(JsonRpc.encodeToString(client.request("ping", null)),
                Map.of("Origin", "https://evil.example"));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.response().path("error").path("message").asText()).contains("Origin 'https://evil.example'");
        assertThat(client.post(JsonRpc.encodeToString(client.request("ping", null)),
                Map.of("Origin", "http://localhost:6274")).status()).isEqualTo(200);
    }

    @Test
    void aForeignHostHeaderIs403BecauseItMeansDnsRebinding() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: evil.example:" + proxy.port() + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").contains("Host 'evil.example:");
        }
    }

    @Test
    void anUnknownMethodIsAnsweredWithMethodNotFound() {
        McpTestClient.Reply reply = session().rpc("no/such/method", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(reply.response().path("error").path("message").asText()).contains("no/such/method");
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIs400() {
        McpTestClient client = session();
        McpTestClient.Reply reply = client.post(JsonRpc.encodeToString(client.request("ping", null)),
                Map.of("MCP-Protocol-Version", "2030-01-01"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.response().path("error").path("message").asText()).contains("unsupported MCP-Protocol-Version '2030-01-01'");
    }

    @Test
    void wrongContentTypeIs415AndUnacceptableAcceptIs406() {
        McpTestClient client = session();
        String ping = JsonRpc.encodeToString(client.request("ping", null));
        assertThat(client.post(ping, Map.of("Content-Type", "text/plain")).status()).isEqualTo(415);
        assertThat(client.post(ping, Map.of("Accept", "text/html")).status()).isEqualTo(406);
    }

    @Test
    void otherHttpMethodsAre405() {
        McpTestClient.Reply reply = session().send("PUT", HttpRequest.BodyPublishers.ofString("{}"), Map.of());
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers().firstValue("Allow")).contains("GET, POST, DELETE");
    }

    @Test
    void notificationsAndResponsesAreAcceptedWith202() {
        McpTestClient client = session();
        assertThat(client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}", Map.of()).status())
                .isEqualTo(202);
        assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}", Map.of()).status()).isEqualTo(202);
    }

    @Test
    void deleteEndsTheSession() {
        McpTestClient client = session();
        assertThat(client.send("DELETE", HttpRequest.BodyPublishers.noBody(), Map.of()).status()).isEqualTo(200);
        assertThat(client.rpc("ping", null).status()).isEqualTo(404);
    }

    @Test
    void aSessionIdleLongerThanTheTimeoutExpires() {
        McpTestClient client = session();
        ticker.advance(IDLE.minusSeconds(1));
        assertThat(client.rpc("ping", null).status()).isEqualTo(200);
        ticker.advance(IDLE.plusSeconds(1));
        McpTestClient.Reply reply = client.rpc("ping", null);
        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void batchesAreAnsweredAsAnArrayIn2025_03_26() {
        McpTestClient client = client();
        client.initialize("2025-03-26");
        McpTestClient.Reply reply = client.post("[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"tools/list\"}]", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode answers = JsonRpc.parse(reply.body().getBytes());
        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(2);
    }

    @Test
    void batchesAreRejectedAfter2025_03_26() {
        McpTestClient client = session();
        McpTestClient.Reply reply = client.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.response().path("error").path("message").asText()).contains("batches exist only in 2025-03-26");
    }

    @Test
    void aSecondGetStreamForOneSessionIs409AndGetNeedsEventStream() throws Exception {
        McpTestClient client = session();
        Map<String, String> sse = Map.of("Accept", "text/event-stream");
        HttpRequest.Builder request = HttpRequest.newBuilder(client.url()).GET();
        client.headers(sse).forEach(request::header);
        var first = client.http().sendAsync(request.build(), java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(client.send("GET", HttpRequest.BodyPublishers.noBody(), sse).status()).isEqualTo(409);
        assertThat(client.send("GET", HttpRequest.BodyPublishers.noBody(), Map.of("Accept", "application/json")).status())
                .isEqualTo(406);
    }

    // ---- 2026-07-28, stateless, on the same endpoint ------------------------------------------------

    static Map<String, String> modern(String method) {
        Map<String, String> headers = new HashMap<>();
        headers.put("MCP-Protocol-Version", "2026-07-28");
        headers.put("Mcp-Method", method);
        return headers;
    }

    static String modernRequest(String method, String metaVersion) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        ObjectNode meta = params.putObject("_meta");
        if (metaVersion != null) {
            meta.put("io.modelcontextprotocol/protocolVersion", metaVersion);
        }
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "modern").put("version", "1");
        return JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().textNode("m1"), method, params));
    }

    @Test
    void aStatelessRequestNeedsNoSessionAndGetsResultTypeAndCacheHints() {
        McpTestClient client = client();
        McpTestClient.Reply reply = client.post(modernRequest("tools/list", "2026-07-28"), modern("tools/list"));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode result = reply.response().path("result");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("ttlMs").asInt()).isZero();
        assertThat(result.path("tools")).isNotEmpty();
    }

    @Test
    void serverDiscoverAdvertisesTheStatelessRevision() {
        McpTestClient.Reply reply = client().post(modernRequest("server/discover", "2026-07-28"), modern("server/discover"));
        JsonNode result = reply.response().path("result");
        assertThat(result.path("supportedVersions").toString()).contains("2026-07-28");
        assertThat(result.path("capabilities").has("tools")).isTrue();
        assertThat(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText()).isEqualTo("stub-one");
    }

    @Test
    void aStatelessRequestWhoseHeaderAndMetaDisagreeIsAHeaderMismatch() {
        McpTestClient.Reply reply = client().post(modernRequest("tools/list", "2026-07-28"),
                Map.of("MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/list"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(-32020);
        McpTestClient.Reply wrongMethod = client().post(modernRequest("tools/list", "2026-07-28"), modern("prompts/list"));
        assertThat(wrongMethod.response().path("error").path("message").asText()).contains("Mcp-Method");
    }

    @Test
    void aStatelessRequestWithAnUnknownModernVersionIsUnsupportedProtocolVersion() {
        Map<String, String> headers = modern("tools/list");
        headers.put("MCP-Protocol-Version", "2027-01-01");
        McpTestClient.Reply reply = client().post(modernRequest("tools/list", "2027-01-01"), headers);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.response().path("error").path("code").asInt()).isEqualTo(-32022);
        assertThat(reply.response().path("error").path("data").path("supported").toString()).contains("2026-07-28");
    }

    @Test
    void closingAStatelessResponseStreamCancelsTheRequestUpstream() throws Exception {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "slow");
        params.putObject("arguments");
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        String body = JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().textNode("gone-1"),
                "tools/call", params));
        int cancelledBefore = stub.received("notifications/cancelled").size();
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
                    + "Mcp-Method: tools/call\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            TestVertx.awaitCondition("the slow call reached the upstream", 10_000, () -> stub.received("tools/call").stream()
                    .anyMatch(m -> "slow".equals(m.path("params").path("name").asText())));
        }
        TestVertx.awaitCondition("the upstream was told to cancel", 10_000,
                () -> stub.received("notifications/cancelled").size() > cancelledBefore);
    }

    @Test
    void getIs405UnderTheStatelessRevision() {
        McpTestClient.Reply reply = client().send("GET", HttpRequest.BodyPublishers.noBody(),
                Map.of("MCP-Protocol-Version", "2026-07-28", "Accept", "text/event-stream"));
        assertThat(reply.status()).isEqualTo(405);
    }
}
