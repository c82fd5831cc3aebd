package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The healing tools of {@code detour serve} asked statelessly (2026-07-28, no session) answer exactly
 * as over a 2025 session, logical and goal tools alike: the same list, the same results, the same SERF
 * errors, progress when the request carries a token. Over real HTTP on loopback, in front of two
 * real upstream processes.
 */
class StatelessHealingToolsTest {

    static UpstreamProcess cheap;
    static UpstreamProcess backup;

    @TempDir
    Path dir;

    SidecarFixture detour;
    McpTestClient stateless;

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

    /** A goal tool over the same two search providers: one step, the cheap provider first. */
    static final String FIND_GRAPH = """
            name: find
            description: Search either provider.
            start: topic
            steps:
              topic: {}
              search_cheap: {tool: search.cheap, output: hits, args: {query: "${input/query}"}, annotations: {readOnly: true}}
              search_backup: {tool: search.backup, output: hits, args: {query: "${input/query}"}, annotations: {readOnly: true}}
              found: {}
            transitions:
              - {from: topic, to: search_cheap, cost: 1}
              - {from: topic, to: search_backup, cost: 5}
              - {from: search_cheap, to: found, cost: 0}
              - {from: search_backup, to: found, cost: 0}
            goals: [found]
            """;

    static final String FIND = """
            goalTools:
              find:
                description: Find something.
                graph: find.yaml
                bindings:
                  search.cheap: {upstream: cheap, tool: search}
                  search.backup: {upstream: backup, tool: search}
            """;

    @BeforeEach
    void serve() throws IOException {
        Files.writeString(dir.resolve("find.yaml"), FIND_GRAPH);
        detour = new SidecarFixture(dir, SidecarFixture.config(cheap, backup, "") + FIND, SidecarOptions.DEFAULT_JOURNAL_CAPACITY);
        stateless = new McpTestClient(detour.sidecar.url());
    }

    @AfterEach
    void stop() {
        detour.close();
    }

    static ObjectNode call(String tool, ObjectNode arguments) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return params;
    }

    static ObjectNode query(String query) {
        return JsonRpc.MAPPER.createObjectNode().put("query", query);
    }

    /** A result as the session leg shows it: without the fields 2026-07-28 adds to every result. */
    static JsonNode withoutStatelessFields(JsonNode result) {
        ObjectNode copy = result.deepCopy();
        copy.remove(List.of("resultType", "ttlMs", "cacheScope"));
        return copy;
    }

    @Test
    void theToolListIsTheSessionsToolList() {
        JsonNode overSession = detour.client.rpc("tools/list", JsonRpc.MAPPER.createObjectNode()).response().path("result");
        JsonNode overStateless = stateless.stateless("tools/list", null).response().path("result");

        assertThat(withoutStatelessFields(overStateless)).isEqualTo(overSession);
        List<String> names = new ArrayList<>();
        overStateless.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).startsWith("web_search", "send_receipt");
    }

    @Test
    void aLogicalToolAnswersWithTheSameResultAndRoute() {
        JsonNode overSession = detour.search("mcp").path("result");
        JsonNode overStateless = stateless.stateless("tools/call", call("web_search", query("mcp"))).response().path("result");

        assertThat(overStateless.path("resultType").asText()).isEqualTo("complete");
        assertThat(overStateless.path("content")).isEqualTo(overSession.path("content"));
        assertThat(overStateless.path("_meta").path("dev.detour/route").path("provider").asText())
                .isEqualTo(overSession.path("_meta").path("dev.detour/route").path("provider").asText())
                .isEqualTo("search@cheap");
    }

    @Test
    void aGoalToolAnswersWithTheSameResultAndRoute() {
        JsonNode overSession = detour.call("find", query("mcp")).path("result");
        JsonNode overStateless = stateless.stateless("tools/call", call("find", query("mcp"))).response().path("result");

        assertThat(overStateless.path("resultType").asText()).isEqualTo("complete");
        assertThat(overSession.path("isError").asBoolean()).isFalse();
        assertThat(overStateless.path("content").path(0)).isEqualTo(overSession.path("content").path(0));
        for (String field : List.of("goal", "reachedGoal", "status", "outputs")) { // the route differs only by trace id and timings
            assertThat(overStateless.path("structuredContent").path(field)).as(field).isEqualTo(overSession.path("structuredContent").path(field));
        }
        JsonNode sessionRoute = overSession.path("_meta").path("dev.detour/route");
        JsonNode statelessRoute = overStateless.path("_meta").path("dev.detour/route");
        assertThat(statelessRoute.path("trail")).isEqualTo(sessionRoute.path("trail")).isNotEmpty();
        assertThat(statelessRoute.path("reroutes")).isEqualTo(sessionRoute.path("reroutes"));
    }

    @Test
    void aToolThatCannotBeHealedFailsWithTheSameSerfObject() {
        JsonNode overSession = detour.call("send_receipt", JsonRpc.MAPPER.createObjectNode().put("to", "a@example.com")).path("result");
        JsonNode overStateless = stateless.stateless("tools/call",
                call("send_receipt", JsonRpc.MAPPER.createObjectNode().put("to", "a@example.com"))).response().path("result");

        assertThat(overStateless.path("isError").asBoolean()).isTrue();
        for (String field : List.of("category", "action", "sideEffects", "tool")) {
            assertThat(overStateless.path("structuredContent").path(field)).as(field)
                    .isEqualTo(overSession.path("structuredContent").path(field));
        }
        assertThat(overStateless.path("structuredContent").path("sideEffects").asText()).isEqualTo("POSSIBLE");
    }

    @Test
    void aMalformedBudgetHintIsTheSameInvalidParamsFault() {
        ObjectNode params = call("web_search", query("q"));
        params.putObject("_meta").put("dev.detour/budget", "soon");

        JsonNode overSession = detour.client.rpc("tools/call", params).response().path("error");
        McpTestClient.Reply reply = stateless.stateless("tools/call", params);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().path("error")).isEqualTo(overSession);
        assertThat(overSession.path("code").asInt()).isEqualTo(JsonRpcException.INVALID_PARAMS);
    }

    @Test
    void aStatelessRequestWithAProgressTokenHearsTheHealingProgressBeforeTheResult() {
        ObjectNode params = call("web_search", query("mcp"));
        params.putObject("_meta").put("progressToken", "agent-9");

        McpTestClient.Reply reply = stateless.stateless("tools/call", params);
        List<JsonNode> messages = reply.messages();

        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("method").asText()).isEqualTo("notifications/progress");
        assertThat(messages.get(0).path("params").path("progressToken").asText()).isEqualTo("agent-9");
        assertThat(messages.get(0).path("params").path("message").asText()).startsWith("search@cheap answered");
        assertThat(SidecarFixture.text(messages.get(1))).isEqualTo("from cheap");
    }

    @Test
    void withoutAProgressTokenTheAnswerIsPlainJson() {
        McpTestClient.Reply reply = stateless.stateless("tools/call", call("web_search", query("mcp")));

        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(SidecarFixture.text(reply.response())).isEqualTo("from cheap");
    }
}
