package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.event.StepFailed;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP endpoint of {@code detour serve}: healing tools next to pass-through tools, over two real upstream processes. */
class SidecarEndpointTest {

    static UpstreamProcess cheap;
    static UpstreamProcess backup;

    @TempDir
    Path dir;

    SidecarFixture detour;

    @BeforeAll
    static void upstreams() {
        cheap = UpstreamProcess.start("cheap");
        backup = UpstreamProcess.start("backup");
    }

    @AfterAll
    static void stopUpstreams() {
        cheap.close();
        backup.close();
    }

    /** A logical tool whose cheaper provider holds every call until {@code release}. */
    static final String SLOW_LOOKUP = """
            slow_lookup:
              description: A lookup that takes its time.
              annotations: {readOnlyHint: true}
              providers:
                - {upstream: cheap, tool: hold, cost: 1}
                - {upstream: backup, tool: search, cost: 5}
            """;

    @BeforeEach
    void serve() {
        detour = new SidecarFixture(dir, SidecarFixture.config(cheap, backup, SLOW_LOOKUP), SidecarOptions.DEFAULT_JOURNAL_CAPACITY);
    }

    @AfterEach
    void stop() {
        detour.close();
    }

    @Test
    void listsTheHealingToolsFirstThenThePassThroughToolsWithoutTheUpstreamToolsThatServeThem() {
        assertThat(detour.toolNames()).startsWith("web_search", "send_receipt")
                .contains("cheap_sent", "backup_sent", "cheap_release")
                .doesNotContain("search", "send", "cheap_search", "backup_search", "cheap_send", "backup_send");
    }

    @Test
    void aLogicalToolIsAnsweredByItsCheapestProviderWithTheRouteInMeta() {
        JsonNode response = detour.search("mcp");

        assertThat(SidecarFixture.text(response)).isEqualTo("from cheap");
        assertThat(response.path("result").path("_meta").path("dev.detour/route").path("provider").asText()).isEqualTo("search@cheap");
    }

    @Test
    void aPassThroughToolIsForwardedToItsOwnUpstream() {
        assertThat(SidecarFixture.text(detour.call("backup_sent", JsonRpc.MAPPER.createObjectNode()))).matches("\\d+");
    }

    @Test
    void aNonIdempotentToolWhoseUpstreamFailedAfterReceivingTheRequestIsNotSentToAnotherProvider() {
        long cheapBefore = sent("cheap");
        long backupBefore = sent("backup");

        JsonNode result = detour.call("send_receipt", JsonRpc.MAPPER.createObjectNode().put("to", "a@example.com")).path("result");

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("structuredContent").path("sideEffects").asText()).isEqualTo("POSSIBLE");
        assertThat(result.path("content").path(0).path("text").asText()).contains("Detour did not retry it");
        assertThat(sent("cheap") - cheapBefore).as("requests the cheaper upstream received").isEqualTo(1);
        assertThat(sent("backup") - backupBefore).as("requests the other provider received").isZero();
    }

    @Test
    void aMalformedBudgetHintIsAnInvalidParamsFaultNotAToolResult() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "web_search");
        params.putObject("arguments").put("query", "q");
        params.putObject("_meta").put("dev.detour/budget", "soon");

        JsonNode error = detour.client.rpc("tools/call", params).response().path("error");

        assertThat(error.path("code").asInt()).isEqualTo(JsonRpcException.INVALID_PARAMS);
        assertThat(error.path("message").asText()).contains("dev.detour/budget");
    }

    @Test
    void resourcesAndPromptsSwitchedOffInThePassThroughRulesAreNeitherAdvertisedNorForwarded() throws Exception {
        Path other = java.nio.file.Files.createDirectory(dir.resolve("hidden"));
        try (SidecarFixture hiding = new SidecarFixture(other, SidecarFixture.config(cheap, backup, "")
                + "passThrough: {resources: false, prompts: false}\n", SidecarOptions.DEFAULT_JOURNAL_CAPACITY)) {
            JsonNode capabilities = hiding.client.initialize("2025-06-18").response().path("result").path("capabilities");

            assertThat(capabilities.has("tools")).isTrue();
            assertThat(capabilities.has("resources")).isFalse();
            assertThat(capabilities.has("prompts")).isFalse();
            assertThat(hiding.client.rpc("prompts/list", JsonRpc.MAPPER.createObjectNode()).response().path("result").path("prompts")).isEmpty();
            assertThat(hiding.client.rpc("resources/read", JsonRpc.MAPPER.createObjectNode().put("uri", "file:///x")).response()
                    .path("error").path("code").asInt()).isEqualTo(JsonRpcException.RESOURCE_NOT_FOUND);
        }
    }

    @Test
    void anAgentThatSendsAProgressTokenHearsHowItsHealingCallGoesBeforeTheResult() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "web_search");
        params.putObject("arguments").put("query", "mcp");
        params.putObject("_meta").put("progressToken", "agent-7");

        List<JsonNode> messages = detour.client.rpc("tools/call", params).messages();

        assertThat(messages).hasSize(2);
        JsonNode progress = messages.get(0);
        assertThat(progress.path("method").asText()).isEqualTo("notifications/progress");
        assertThat(progress.path("params").path("progressToken").asText()).isEqualTo("agent-7");
        assertThat(progress.path("params").path("progress").asInt()).isEqualTo(1);
        assertThat(progress.path("params").path("message").asText()).startsWith("search@cheap answered");
        assertThat(SidecarFixture.text(messages.get(1))).isEqualTo("from cheap");
    }

    @Test
    void aCancelledHealingCallIsCancelledUpstreamAndNeitherReroutedNorJournalledAsAFailure() throws Exception {
        long cancelledBefore = upstreamCount("cheap_cancelled");
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "slow_lookup");
        params.putObject("arguments").put("query", "mcp");
        ObjectNode request = detour.client.request("tools/call", params);
        CompletableFuture<McpTestClient.Reply> reply = CompletableFuture.supplyAsync(() -> detour.client.post(JsonRpc.encodeToString(request), Map.of()));
        TestVertx.awaitCondition("the call is held by the cheap upstream", 10_000, () -> upstreamCount("cheap_holding") == 1);

        ObjectNode cancel = JsonRpc.MAPPER.createObjectNode().put("reason", "the user moved on");
        cancel.set("requestId", request.get("id"));
        detour.client.post(JsonRpc.encodeToString(JsonRpc.notification("notifications/cancelled", cancel)), Map.of());

        try {
            JsonNode response = reply.get(10, TimeUnit.SECONDS).response();
            assertThat(response.path("error").path("message").asText()).isEqualTo("Request cancelled by the client");
            TestVertx.awaitCondition("the cancellation reached the cheap upstream", 10_000,
                    () -> upstreamCount("cheap_cancelled") == cancelledBefore + 1);
            assertThat(detour.sidecar.journal().recent(StepFailed.class)).isEmpty();
        } finally {
            detour.call("cheap_release", JsonRpc.MAPPER.createObjectNode());
        }
    }

    @Test
    void aHealingCallInFlightWhenDetourStopsIsAnsweredBeforeItStops() throws Exception {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "slow_lookup");
        params.putObject("arguments").put("query", "mcp");
        ObjectNode request = detour.client.request("tools/call", params);
        CompletableFuture<McpTestClient.Reply> reply = CompletableFuture.supplyAsync(() -> detour.client.post(JsonRpc.encodeToString(request), Map.of()));
        TestVertx.awaitCondition("the call is held by the cheap upstream", 10_000, () -> upstreamCount("cheap_holding") == 1);

        var stopped = detour.sidecar.stop().toCompletionStage().toCompletableFuture();
        assertThat(stopped).isNotDone();
        releaseHeldCallsOfCheap();

        assertThat(SidecarFixture.text(reply.get(10, TimeUnit.SECONDS).response())).isEqualTo("held");
        stopped.get(10, TimeUnit.SECONDS);
    }

    /** {@code release} on the cheap upstream, straight to its process: Detour may be draining. */
    private void releaseHeldCallsOfCheap() {
        McpTestClient direct = new McpTestClient(cheap.url());
        direct.rpc("tools/call", JsonRpc.MAPPER.createObjectNode().put("name", "release").set("arguments", JsonRpc.MAPPER.createObjectNode()));
    }

    private long upstreamCount(String passThroughTool) {
        return Long.parseLong(SidecarFixture.text(detour.call(passThroughTool, JsonRpc.MAPPER.createObjectNode())));
    }

    private long sent(String upstream) {
        return upstreamCount(upstream + "_sent");
    }
}
