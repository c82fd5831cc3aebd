package dev.detour.server.heal;

import static dev.detour.server.heal.LoopbackUpstreams.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteJournal;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade the MCP endpoint uses, built from a real {@code detour.yaml} and graph file, calling stub
 * upstreams on loopback: a logical tool and a goal tool (search → summarise, with a lesser goal).
 */
class HealingToolsTest {

    static final String GRAPH = """
            name: research
            start: begin
            steps:
              begin: {}
              search_main:
                tool: search
                output: hits
                args: {q: "${input/topic}"}
                annotations: {readOnly: true}
              search_backup:
                tool: search_backup
                output: hits
                args: {q: "${input/topic}"}
                annotations: {readOnly: true}
              found: {}
              summarise:
                tool: summarise
                output: summary
                args: {text: "${hits/content/0/text}"}
                annotations: {readOnly: true}
              done: {}
              hits_only: {}
            transitions:
              - {from: begin, to: search_main, cost: 1}
              - {from: begin, to: search_backup, cost: 5}
              - {from: search_main, to: found, cost: 0}
              - {from: search_backup, to: found, cost: 0}
              - {from: found, to: summarise, cost: 1}
              - {from: summarise, to: done, cost: 0}
              - {from: found, to: hits_only, cost: 0}
            goals: [done, hits_only]
            demotions:
              done: [hits_only]
            """;

    @TempDir
    Path dir;

    final LoopbackUpstreams loopback = new LoopbackUpstreams();
    final RouteJournal journal = new RouteJournal();
    StubMcpUpstream a;
    StubMcpUpstream b;
    HealingTools healing;

    @BeforeEach
    void start() throws IOException {
        a = loopback.start("a");
        b = loopback.start("b").answer("summarise", args -> StubMcpUpstream.textResult(
                "summary of " + args.path("text").asText() + " (" + args.path("style").asText() + ")", false));
        Files.writeString(dir.resolve("research.yaml"), GRAPH);
        Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "%s"}
                  b: {url: "%s"}
                logicalTools:
                  web_search:
                    description: Search the web.
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: a, tool: search}
                      - {upstream: b, tool: search, cost: 2}
                goalTools:
                  research:
                    description: Research a topic and summarise it.
                    graph: research.yaml
                    inputSchema: {type: object, properties: {topic: {type: string}}, required: [topic]}
                    bindings:
                      search: {upstream: a, tool: search}
                      search_backup: {upstream: b, tool: search}
                      summarise: {upstream: b, tool: summarise, arguments: {text: "${input/text}", style: brief}}
                    outputs: [summary]
                budgets: {default: 5s, max: 10s}
                """.formatted(a.url(), b.url()));
        DetourConfig config = ConfigLoader.load(dir.resolve("detour.yaml"));
        healing = HealingTools.create(config, loopback.directory(), SharedRouting.builder().listener(journal).build());
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void listsTheLogicalThenTheGoalToolsWithTheirSchemasAndAnnotations() {
        List<ObjectNode> tools = healing.toolDescriptors();

        assertThat(tools).extracting(t -> t.path("name").asText()).containsExactly("web_search", "research");
        assertThat(tools.get(0).path("annotations").path("readOnlyHint").asBoolean()).isTrue();
        assertThat(tools.get(1).path("inputSchema").path("required").get(0).asText()).isEqualTo("topic");
        assertThat(tools.get(1).path("annotations").path("readOnlyHint").asBoolean()).isTrue();
    }

    @Test
    void aToolThatIsNotAHealingToolIsLeftToTheCaller() {
        assertThat(healing.call("brave_local_search", params("{\"arguments\":{}}"))).isEmpty();
        assertThat(healing.handles("research")).isTrue();
    }

    @Test
    void aGoalToolHealsAroundAFailedStepAndReturnsItsOutputsWithTheRoute() {
        a.failWithIsError("search", "index offline");
        b.answerText("search", "hits from b");

        JsonNode result = await(healing.call("research", params("{\"arguments\":{\"topic\":\"MCP\"}}")).orElseThrow());

        assertThat(result.path("isError").asBoolean()).isFalse();
        JsonNode structured = result.path("structuredContent");
        assertThat(structured.path("outputs").path("summary").path("content").get(0).path("text").asText())
                .isEqualTo("summary of hits from b (brief)");
        assertThat(structured.path("outputs").has("hits")).isFalse();
        assertThat(structured.path("route").path("reroutes")).hasSize(1);
        assertThat(structured.path("route").path("reroutes").get(0).path("failedStep").asText()).isEqualTo("search_main");
        assertThat(structured.path("route").path("steps")).extracting(s -> s.path("tool").asText() + " " + s.path("outcome").asText())
                .containsExactly("search@a failed", "search@b succeeded", "summarise@b succeeded");
        assertThat(result.path("content").get(0).path("text").asText())
                .isEqualTo("'research' reached goal 'done' in 2 tool steps (1 reroute, no demotion).");
        assertThat(journal.recent(Rerouted.class)).hasSize(1);
    }

    @Test
    void aGoalToolDemotesAlongItsLadderWhenAStepHasNoAlternative() {
        a.answerText("search", "hits from a");
        b.failWithIsError("summarise", "model overloaded");

        JsonNode result = await(healing.call("research", params("{\"arguments\":{\"topic\":\"MCP\"}}")).orElseThrow());

        assertThat(result.path("structuredContent").path("status").asText()).isEqualTo("DEMOTED");
        assertThat(result.path("structuredContent").path("reachedGoal").asText()).isEqualTo("hits_only");
        assertThat(result.path("content").get(0).path("text").asText()).contains("reached the lesser goal 'hits_only'");
        assertThat(journal.recent(Demoted.class)).singleElement().satisfies(d -> assertThat(d.decidedBy()).isEqualTo(Demoted.DecidedBy.LADDER));
    }

    @Test
    void aGoalToolWithNoFeasibleRouteLeftEscalatesWithASerfErrorAndTheRoute() {
        a.failWithIsError("search", "index offline");
        b.failWithIsError("search", "index offline too");

        JsonNode result = await(healing.call("research", params("{\"arguments\":{\"topic\":\"MCP\"}}")).orElseThrow());

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("structuredContent").path("category").asText()).isEqualTo("NO_ROUTE");
        assertThat(result.path("content").get(0).path("text").asText()).startsWith("No provider of 'research' is available");
        assertThat(result.path("_meta").path(CallToolResults.ROUTE_META).path("escalation").path("goal").asText()).isEqualTo("done");
    }

    @Test
    void theClientsBudgetHintBoundsTheCall() {
        a.hold("search");
        b.hold("search");

        JsonNode result = await(healing.call("web_search",
                params("{\"arguments\":{\"query\":\"x\"},\"_meta\":{\"dev.detour/budget\":150}}")).orElseThrow());

        assertThat(result.path("structuredContent").path("category").asText()).isIn("TIMEOUT", "BUDGET_EXHAUSTED");
        assertThat(result.path("structuredContent").path("traceId").asText()).isNotEmpty();
    }

    @Test
    void cancellingAGoalToolCallCancelsItsUpstreamCallAndStartsNoFurtherStep() {
        a.hold("search");
        b.answerText("search", "hits from b");
        var call = healing.call("research", params("{\"arguments\":{\"topic\":\"MCP\"}}")).orElseThrow();
        await(a.received("search"));

        call.cancel(false);

        await(a.cancelled());
        assertThat(b.calls("search")).isZero();
        assertThat(b.calls("summarise")).isZero();
        assertThat(journal.recent(Rerouted.class)).isEmpty();
    }

    @Test
    void malformedArgumentsOrBudgetHintsAreProtocolFaults() {
        assertThat(fault(healing.call("web_search", params("{\"arguments\":[1]}")).orElseThrow()).code())
                .isEqualTo(JsonRpcException.INVALID_PARAMS);
        assertThat(fault(healing.call("web_search", params("{\"arguments\":{},\"_meta\":{\"dev.detour/budget\":-1}}")).orElseThrow()))
                .hasMessageContaining("dev.detour/budget");
    }

    private static JsonRpcException fault(CompletionStage<ObjectNode> stage) {
        try {
            stage.toCompletableFuture().get(LoopbackUpstreams.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(JsonRpcException.class);
            return (JsonRpcException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a protocol fault");
    }

    private static ObjectNode params(String json) {
        return (ObjectNode) JsonRpc.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
