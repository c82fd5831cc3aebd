package dev.detour.server.heal;

import static dev.detour.server.heal.LoopbackUpstreams.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.mcp.JsonRpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's arguments reach the upstream as the agent sent them — JSON nulls included — through a
 * logical tool and a goal tool alike: both hand router-core the same inputs.
 */
class AgentArgumentsTest {

    static final String ARGUMENTS = "{\"query\":\"mcp\",\"cursor\":null,\"filters\":{\"lang\":null}}";

    @TempDir
    Path dir;

    final LoopbackUpstreams loopback = new LoopbackUpstreams();
    StubMcpUpstream upstream;
    HealingTools healing;

    @BeforeEach
    void start() throws IOException {
        upstream = loopback.start("a").answerText("search", "hits");
        Files.writeString(dir.resolve("lookup.yaml"), """
                name: lookup
                start: begin
                steps:
                  begin: {}
                  search: {tool: search, output: hits, args: {request: "${input}"}, annotations: {readOnly: true}}
                  done: {}
                transitions:
                  - {from: begin, to: search, cost: 1}
                  - {from: search, to: done, cost: 0}
                goals: [done]
                """);
        Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "%s"}
                logicalTools:
                  web_search:
                    description: Search the web.
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: a, tool: search}
                goalTools:
                  lookup:
                    description: Search, as one step of a graph.
                    graph: lookup.yaml
                    bindings:
                      search: {upstream: a, tool: search}
                """.formatted(upstream.url()));
        healing = HealingTools.create(ConfigLoader.load(dir.resolve("detour.yaml")), loopback.directory(), SharedRouting.builder().build());
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void aLogicalToolSendsTheArgumentsAsTheAgentSentThem() {
        await(healing.call("web_search", params()).orElseThrow());

        assertThat(upstream.arguments("search")).containsExactly(json(ARGUMENTS));
    }

    @Test
    void aGoalToolSeesTheSameInputsIncludingATopLevelNull() {
        await(healing.call("lookup", params()).orElseThrow());

        assertThat(upstream.arguments("search")).containsExactly(json("{\"request\":" + ARGUMENTS + "}"));
    }

    private static ObjectNode params() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        params.set("arguments", json(ARGUMENTS));
        return params;
    }

    private static JsonNode json(String text) {
        return JsonRpc.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
