package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import java.nio.file.Path;
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

    @BeforeEach
    void serve() {
        detour = new SidecarFixture(dir, SidecarFixture.config(cheap, backup, ""), SidecarOptions.DEFAULT_JOURNAL_CAPACITY);
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

    private long sent(String upstream) {
        return Long.parseLong(SidecarFixture.text(detour.call(upstream + "_sent", JsonRpc.MAPPER.createObjectNode())));
    }
}
