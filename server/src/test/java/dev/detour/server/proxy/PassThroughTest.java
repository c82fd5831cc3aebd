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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One upstream behind Detour: what arrives downstream is what the upstream sent, byte for byte where it matters. */
class PassThroughTest {

    static Vertx vertx;
    static StubMcpServer stub;
    static ProxyServer proxy;

    @BeforeAll
    static void start() {
        vertx = TestVertx.create();
        stub = TestVertx.await(StubMcpServer.start(vertx, "solo",
                List.of("echo", "progress", "log", "sample", "slow", "fail", "whoami", "streamed", "sample_then_cancel")));
        proxy = TestVertx.await(ProxyServer.start(vertx,
                ProxyConfig.builder().upstreams(List.of(new UpstreamSpec.Http("solo", URI.create(stub.url())))).build(),
                McpEndpointConfig.ofDefaults(), new ManualClock(), Scheduler.system()));
    }

    @AfterAll
    static void stop() {
        TestVertx.await(proxy.stop());
        TestVertx.await(vertx.close());
    }

    static McpTestClient session() {
        McpTestClient client = new McpTestClient(proxy.url());
        client.initialize("2025-11-25");
        return client;
    }

    static ObjectNode call(String tool, ObjectNode arguments) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments == null ? JsonRpc.MAPPER.createObjectNode() : arguments);
        return params;
    }

    @Test
    void theUpstreamSeesTheClientsOwnInitializeParams() {
        int before = stub.received("initialize").size();
        session();
        ObjectNode init = stub.received("initialize").get(before);
        assertThat(init.path("params").path("clientInfo").path("name").asText()).isEqualTo("test-client");
        assertThat(init.path("params").path("capabilities").has("sampling")).isTrue();
    }

    @Test
    void toolListsKeepUnknownFieldsMetaExactDecimalsAndCursors() {
        McpTestClient client = session();
        JsonNode first = client.rpc("tools/list", null).response().path("result");
        assertThat(first.path("tools")).hasSize(2);
        assertThat(first.path("nextCursor").asText()).isEqualTo("2");
        JsonNode tool = first.path("tools").get(0);
        assertThat(tool.path("x-unknown").path("kept").asBoolean()).isTrue();
        assertThat(JsonRpc.encodeToString(tool.path("_meta"))).isEqualTo("{\"vendor/weight\":1.10}");
        JsonNode second = client.rpc("tools/list", JsonRpc.MAPPER.createObjectNode().put("cursor", "2"))
                .response().path("result");
        assertThat(second.path("tools").get(0).path("name").asText()).isEqualTo("log");
    }

    @Test
    void toolResultsArriveUntouchedIncludingNewContentTypes() {
        ObjectNode arguments = JsonRpc.MAPPER.createObjectNode().put("text", "héllo ✓");
        arguments.putObject("nested").put("n", new java.math.BigDecimal("2.50"));
        McpTestClient.Reply reply = session().rpc("tools/call", call("echo", arguments));
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode result = reply.response().path("result");
        assertThat(result.path("content").get(0).path("text").asText()).isEqualTo("héllo ✓");
        assertThat(JsonRpc.encodeToString(result.path("content").get(1))).isEqualTo("{\"type\":\"hologram\",\"beam\":1.10}");
        assertThat(JsonRpc.encodeToString(result.path("structuredContent").path("echo").path("nested"))).isEqualTo("{\"n\":2.50}");
        assertThat(result.path("_meta").path("stub/upstream").asText()).isEqualTo("solo");
        assertThat(result.path("x-extra").asText()).isEqualTo("kept");
    }

    @Test
    void theResponseKeepsTheClientsRequestIdWhileTheUpstreamSawDetoursOwn() {
        McpTestClient client = session();
        McpTestClient.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"client-id-7\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}", Map.of());
        assertThat(reply.response().path("id").asText()).isEqualTo("client-id-7");
        assertThat(stub.received("tools/call").stream().map(m -> m.path("id").toString())).doesNotContain("\"client-id-7\"");
    }

    @Test
    void progressIsStreamedWithTheCallersOwnToken() {
        ObjectNode params = call("progress", null);
        params.putObject("_meta").put("progressToken", "my-token");
        McpTestClient.Reply reply = session().rpc("tools/call", params);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        List<JsonNode> messages = reply.messages();
        List<JsonNode> progress = messages.stream().filter(m -> "notifications/progress".equals(m.path("method").asText())).toList();
        assertThat(progress).hasSize(3);
        assertThat(progress).allSatisfy(p -> assertThat(p.path("params").path("progressToken").asText()).isEqualTo("my-token"));
        assertThat(progress.get(2).path("params").path("progress").asInt()).isEqualTo(3);
        assertThat(messages.get(messages.size() - 1).path("result").path("content").get(0).path("text").asText()).isEqualTo("done");
        ObjectNode upstreamSaw = stub.received("tools/call").stream()
                .filter(m -> "progress".equals(m.path("params").path("name").asText())).reduce((a, b) -> b).orElseThrow();
        assertThat(upstreamSaw.path("params").path("_meta").path("progressToken").asText()).isNotEqualTo("my-token");
    }

    @Test
    void anAnswerTheUpstreamStreamsIsStreamedToTheClientToo() {
        McpTestClient.Reply reply = session().rpc("tools/call", call("streamed", null));
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.response().path("result").path("content").get(0).path("text").asText()).isEqualTo("streamed");
    }

    @Test
    void whenTheUpstreamForgetsTheSessionOneCallFailsStructuredAndTheNextOneWorksOnANewSession() {
        int streams = stub.openGetStreams();
        McpTestClient client = session();
        int before = stub.sessions();
        // Detour opens its upstream GET stream after the handshake; one opened after the stub forgot the
        // session would find out first and start a new session before the call is sent
        TestVertx.awaitCondition("Detour opened its upstream GET stream", 10_000, () -> stub.openGetStreams() > streams);
        stub.forgetSessions();
        JsonNode failed = client.rpc("tools/call", call("whoami", null)).response().path("result");
        assertThat(failed.path("isError").asBoolean()).isTrue();
        assertThat(failed.path("structuredContent").path("category").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(failed.path("structuredContent").path("sideEffects").asText()).isEqualTo("NONE");
        JsonNode next = client.rpc("tools/call", call("whoami", null)).response().path("result");
        assertThat(next.path("content").get(0).path("text").asText()).isEqualTo("solo");
        assertThat(stub.sessions()).isGreaterThan(before);
    }

    @Test
    void logMessagesTiedToACallAreStreamedOnThatCallsResponse() {
        McpTestClient.Reply reply = session().rpc("tools/call", call("log", null));
        assertThat(reply.messages().stream().filter(m -> "notifications/message".equals(m.path("method").asText())))
                .hasSize(3);
    }

    @Test
    void loggingSetLevelIsForwarded() {
        int before = stub.received("logging/setLevel").size();
        McpTestClient.Reply reply = session().rpc("logging/setLevel", JsonRpc.MAPPER.createObjectNode().put("level", "debug"));
        assertThat(reply.response().has("result")).isTrue();
        assertThat(stub.received("logging/setLevel")).hasSize(before + 1);
    }

    @Test
    void aToolErrorResultPassesThroughAsIs() {
        JsonNode result = session().rpc("tools/call", call("fail", null)).response().path("result");
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").get(0).path("text").asText()).isEqualTo("boom");
        assertThat(result.has("structuredContent")).isFalse();
    }

    @Test
    void resourcesPromptsAndCompletionArePassedThrough() {
        McpTestClient client = session();
        assertThat(client.rpc("resources/list", null).response().path("result").path("resources").get(0).path("uri").asText())
                .isEqualTo("stub://solo/readme");
        assertThat(client.rpc("resources/read", JsonRpc.MAPPER.createObjectNode().put("uri", "stub://solo/readme"))
                .response().path("result").path("contents").get(0).path("text").asText()).isEqualTo("read by solo");
        assertThat(client.rpc("resources/templates/list", null).response().path("result").path("resourceTemplates")).hasSize(1);
        assertThat(client.rpc("resources/subscribe", JsonRpc.MAPPER.createObjectNode().put("uri", "stub://solo/readme"))
                .response().has("result")).isTrue();
        assertThat(client.rpc("prompts/get", JsonRpc.MAPPER.createObjectNode().put("name", "greet")).response()
                .path("result").path("messages").get(0).path("content").path("text").asText()).isEqualTo("hello from solo");
        ObjectNode complete = JsonRpc.MAPPER.createObjectNode();
        complete.putObject("ref").put("type", "ref/prompt").put("name", "greet");
        complete.putObject("argument").put("name", "x").put("value", "");
        assertThat(client.rpc("completion/complete", complete).response().path("result").path("completion")
                .path("values").get(0).asText()).isEqualTo("solo");
    }

    @Test
    void aSamplingRequestIsRelayedToTheSessionThatCausedItAndItsAnswerGoesBack() throws Exception {
        McpTestClient client = session();
        HttpRequest.Builder request = HttpRequest.newBuilder(client.url())
                .POST(HttpRequest.BodyPublishers.ofString(JsonRpc.encodeToString(client.request("tools/call", call("sample", null)))));
        client.headers(Map.of()).forEach(request::header);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> streaming = client.http()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = streaming.get(10, TimeUnit.SECONDS);
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        JsonNode sampling = nextMessage(lines);
        assertThat(sampling.path("method").asText()).isEqualTo("sampling/createMessage");
        ObjectNode answer = JsonRpc.MAPPER.createObjectNode();
        answer.putObject("content").put("type", "text").put("text", "hi there");
        answer.put("model", "test").put("role", "assistant");
        assertThat(client.post(JsonRpc.encodeToString(JsonRpc.result(sampling.get("id"), answer)), Map.of()).status())
                .isEqualTo(202);
        JsonNode result = nextMessage(lines);
        assertThat(result.path("result").path("content").get(0).path("text").asText()).isEqualTo("sampled: hi there");
        reader.join(10_000);
    }

    @Test
    void anUpstreamCancellingItsOwnRequestIsRelayedUnderTheIdTheClientSaw() {
        List<JsonNode> messages = session().rpc("tools/call", call("sample_then_cancel", null)).messages();
        JsonNode request = messages.stream().filter(m -> "sampling/createMessage".equals(m.path("method").asText()))
                .findFirst().orElseThrow();
        JsonNode cancel = messages.stream().filter(m -> "notifications/cancelled".equals(m.path("method").asText()))
                .findFirst().orElseThrow();
        assertThat(request.path("id").asText()).doesNotStartWith("abandoned");
        assertThat(cancel.path("params").path("requestId")).isEqualTo(request.path("id"));
        assertThat(cancel.path("params").path("reason").asText()).isEqualTo("changed my mind");
    }

    @Test
    void cancellationIsForwardedUpstreamWithDetoursRequestId() throws Exception {
        McpTestClient client = session();
        ObjectNode slow = client.request("tools/call", call("slow", null));
        CompletableFuture<McpTestClient.Reply> pending = CompletableFuture.supplyAsync(
                () -> client.post(JsonRpc.encodeToString(slow), Map.of()));
        TestVertx.awaitCondition("the slow call reached the upstream", 10_000,
                () -> stub.received("tools/call").stream().anyMatch(m -> "slow".equals(m.path("params").path("name").asText())));
        long upstreamId = stub.received("tools/call").stream()
                .filter(m -> "slow".equals(m.path("params").path("name").asText())).reduce((a, b) -> b).orElseThrow()
                .path("id").asLong();
        ObjectNode cancel = JsonRpc.MAPPER.createObjectNode().put("reason", "user gave up");
        cancel.set("requestId", slow.get("id"));
        client.post(JsonRpc.encodeToString(JsonRpc.notification("notifications/cancelled", cancel)), Map.of());
        TestVertx.awaitCondition("the cancellation reached the upstream", 10_000,
                () -> stub.received("notifications/cancelled").stream()
                        .anyMatch(m -> m.path("params").path("requestId").asLong() == upstreamId));
        assertThat(pending.get(10, TimeUnit.SECONDS).response().has("error")).isTrue();
    }

    @Test
    void listChangedFromTheUpstreamReachesTheClientsGetStream() throws Exception {
        // Counted from before the session: earlier tests' sessions keep their GET streams on the shared stub open.
        int streams = stub.openGetStreams();
        McpTestClient client = session();
        TestVertx.awaitCondition("Detour opened its upstream GET stream", 10_000, () -> stub.openGetStreams() > streams);
        HttpRequest.Builder request = HttpRequest.newBuilder(client.url()).GET();
        client.headers(Map.of("Accept", "text/event-stream")).forEach(request::header);
        HttpResponse<Stream<String>> response = client.http()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        stub.emitToolsListChanged();
        assertThat(nextMessage(lines).path("method").asText()).isEqualTo("notifications/tools/list_changed");
    }

    static JsonNode nextMessage(LinkedBlockingQueue<String> lines) throws InterruptedException {
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no SSE message within 10 s");
            }
            if (line.startsWith("data:") && line.length() > 6) {
                return JsonRpc.parse(line.substring(5).trim().getBytes());
            }
        }
    }
}
