package dev.detour.server.heal;

import static dev.detour.server.heal.LoopbackUpstreams.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.router.RouterConfig;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.config.ToolHints;
import dev.detour.server.mcp.JsonRpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A logical tool with two providers on real upstream clients against stub MCP servers on loopback. */
class LogicalToolHealingTest {

    static final ToolHints READ_ONLY = new ToolHints(null, true, null, null, null);
    static final ToolHints NOT_IDEMPOTENT = new ToolHints(null, false, false, false, null);
    static final Duration BUDGET = Duration.ofSeconds(5);

    final LoopbackUpstreams loopback = new LoopbackUpstreams();
    final RouteJournal journal = new RouteJournal();

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void callsTheCheapestProviderWhileAllAreHealthy() {
        StubMcpUpstream a = loopback.start("a").answerText("search", "hits from a");
        StubMcpUpstream b = loopback.start("b").answerText("search", "hits from b");

        Map<String, Object> result = await(tool(READ_ONLY, null).call(Map.of("query", "mcp"), BUDGET));

        assertThat(text(result)).isEqualTo("hits from a");
        assertThat(route(result)).containsEntry("provider", "search@a");
        assertThat(reroutes(result)).isEmpty();
        assertThat(a.calls("search")).isEqualTo(1);
        assertThat(b.calls("search")).isZero();
    }

    @Test
    void failsOverToTheNextProviderWhenTheCheapestFails() {
        StubMcpUpstream a = loopback.start("a").failWithIsError("search", "search backend exploded");
        StubMcpUpstream b = loopback.start("b").answerText("search", "hits from b");

        Map<String, Object> result = await(tool(READ_ONLY, null).call(Map.of("query", "mcp"), BUDGET));

        assertThat(result).doesNotContainKey("isError");
        assertThat(text(result)).isEqualTo("hits from b");
        assertThat(route(result)).containsEntry("provider", "search@b").containsEntry("upstream", "b");
        assertThat(reroutes(result)).hasSize(1);
        assertThat(journal.recent(Rerouted.class)).singleElement().satisfies(r -> {
            assertThat(r.failedStep()).isEqualTo("search@a");
            assertThat(r.newPath()).containsExactly("start", "search@b", "done");
        });
        assertThat(a.calls("search")).isEqualTo(1);
        assertThat(b.calls("search")).isEqualTo(1);
    }

    @Test
    void rendersEachProvidersArgumentMappingAndForwardsTheArgumentsWhenItHasNone() {
        StubMcpUpstream a = loopback.start("a").failWithIsError("search", "unavailable");
        StubMcpUpstream b = loopback.start("b").answerText("search", "hits from b");
        ArgumentTemplate mapping = ArgumentTemplate.of(Map.of("q", "${input/query}", "limit", 5));

        await(tool(READ_ONLY, mapping).call(Map.of("query", "mcp"), BUDGET));

        assertThat(a.arguments("search")).containsExactly(json("{\"q\":\"mcp\",\"limit\":5}"));
        assertThat(b.arguments("search")).containsExactly(json("{\"query\":\"mcp\"}"));
    }

    @Test
    void aNonIdempotentToolIsNotResentAfterItsUpstreamReceivedTheRequest() {
        StubMcpUpstream a = loopback.start("a").failWithIsError("search", "card processor crashed");
        StubMcpUpstream b = loopback.start("b").answerText("search", "charged by b");

        Map<String, Object> result = await(tool(NOT_IDEMPOTENT, null).call(Map.of("amount", 10), BUDGET));

        assertThat(result).containsEntry("isError", true);
        assertThat(serf(result)).containsEntry("sideEffects", "POSSIBLE").containsEntry("action", "ESCALATE").containsEntry("tool", "search@a");
        assertThat(text(result)).contains("may already have taken effect");
        assertThat(a.calls("search")).isEqualTo(1);
        assertThat(b.calls("search")).isZero();
        assertThat(journal.recent(Rerouted.class)).isEmpty();
    }

    @Test
    void aNonIdempotentToolIsNotResentAfterItsUpstreamCrashedMidCall() {
        StubMcpUpstream a = loopback.start("a").crash("search");
        StubMcpUpstream b = loopback.start("b").answerText("search", "charged by b");

        Map<String, Object> result = await(tool(NOT_IDEMPOTENT, null).call(Map.of("amount", 10), BUDGET));

        assertThat(result).containsEntry("isError", true);
        assertThat(serf(result).get("sideEffects")).isIn("POSSIBLE", "UNKNOWN");
        assertThat(a.calls("search")).isEqualTo(1);
        assertThat(b.calls("search")).isZero();
    }

    @Test
    void aNonIdempotentToolFailsOverWhenTheRequestNeverReachedItsUpstream() {
        StubMcpUpstream a = loopback.startDown("a").answerText("search", "charged by a");
        StubMcpUpstream b = loopback.start("b").answerText("search", "charged by b");

        Map<String, Object> result = await(tool(NOT_IDEMPOTENT, null).call(Map.of("amount", 10), BUDGET));

        assertThat(text(result)).isEqualTo("charged by b");
        assertThat(reroutes(result)).hasSize(1);
        assertThat(a.calls("search")).isZero();
        assertThat(b.calls("search")).isEqualTo(1);
    }

    @Test
    void argumentsTheProviderRejectsAreNotSentToAnotherProvider() {
        StubMcpUpstream a = loopback.start("a").failWithRpcError("search", -32602, "query must be a string");
        StubMcpUpstream b = loopback.start("b").answerText("search", "hits from b");

        Map<String, Object> result = await(tool(READ_ONLY, null).call(Map.of("query", 42), BUDGET));

        assertThat(serf(result)).containsEntry("category", "INVALID_ARGUMENTS").containsEntry("action", "FIX_ARGUMENTS");
        assertThat(text(result)).contains("rejected the arguments");
        assertThat(b.calls("search")).isZero();
    }

    @Test
    void aProviderThatReportsProgressKeepsTheCallPastItsWindow() {
        loopback.start("a").progressing("search", 12, Duration.ofMillis(60)); // answers after ~780 ms
        StubMcpUpstream b = loopback.start("b").answerText("search", "hits from b");

        // two unobserved providers: a's window is half the 1.2 s budget, shorter than its answer takes
        Map<String, Object> result = await(tool(READ_ONLY, null).call(Map.of("query", "mcp"), Duration.ofMillis(1_200)));

        assertThat(text(result)).isEqualTo("a answered after 12 progress notifications");
        assertThat(b.calls("search")).isZero();
    }

    @Test
    void aSlowUpstreamBeyondTheBudgetEndsAsTimeoutAndIsCancelledUpstream() {
        StubMcpUpstream a = loopback.start("a").hold("search");
        LogicalTool tool = LogicalTool.create(config(READ_ONLY, null, "a"), loopback.directory(), routing(), RouterConfig.ofDefaults());

        Map<String, Object> result = await(tool.call(Map.of("query", "mcp"), Duration.ofMillis(200)));

        assertThat(result).containsEntry("isError", true);
        assertThat(serf(result)).containsEntry("category", "TIMEOUT").containsEntry("tool", "search@a");
        assertThat(text(result)).contains("timed out");
        assertThat(await(a.cancelled()).path("requestId").isIntegralNumber()).isTrue();
    }

    @Test
    void aSlowCheapestProviderIsCutShortSoTheNextProviderStillAnswersWithinTheBudget() {
        StubMcpUpstream a = loopback.start("a").hold("search");
        StubMcpUpstream b = loopback.start("b").answerText("search", "hits from b");

        Map<String, Object> result = await(tool(READ_ONLY, null).call(Map.of("query", "mcp"), Duration.ofMillis(400)));

        assertThat(text(result)).isEqualTo("hits from b");
        assertThat(reroutes(result)).hasSize(1);
        assertThat(route(result)).containsEntry("failed", List.of(Map.of("provider", "search@a", "category", "TIMEOUT", "sideEffects", "UNKNOWN")));
        assertThat(await(a.cancelled()).path("requestId").isIntegralNumber()).isTrue();
    }

    @Test
    void whenEveryProviderIsTooSlowTheCallEndsWithinItsBudgetAsTimeoutOrBudgetExhausted() {
        StubMcpUpstream a = loopback.start("a").hold("search");
        StubMcpUpstream b = loopback.start("b").hold("search");

        Map<String, Object> result = await(tool(READ_ONLY, null).call(Map.of("query", "mcp"), Duration.ofMillis(200)));

        assertThat(result).containsEntry("isError", true);
        assertThat(serf(result).get("category")).isIn("TIMEOUT", "BUDGET_EXHAUSTED");
        assertThat(text(result)).containsAnyOf("timed out", "time budget");
        await(a.cancelled());
    }

    // ---- helpers

    private LogicalTool tool(ToolHints hints, ArgumentTemplate mappingOfA) {
        return LogicalTool.create(config(hints, mappingOfA, "a", "b"), loopback.directory(), routing(), RouterConfig.ofDefaults());
    }

    private static LogicalToolConfig config(ToolHints hints, ArgumentTemplate mappingOfA, String... upstreams) {
        List<LogicalToolConfig.Provider> providers = new java.util.ArrayList<>();
        for (int i = 0; i < upstreams.length; i++) {
            providers.add(new LogicalToolConfig.Provider(new ProviderBinding(upstreams[i], "search", i == 0 ? mappingOfA : null), i + 1));
        }
        return new LogicalToolConfig("web_search", "Search the web.", null, hints, providers);
    }

    private SharedRouting routing() {
        return SharedRouting.builder().listener(journal).build();
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> result) {
        List<Map<String, Object>> content = (List<Map<String, Object>>) result.get("content");
        return (String) content.get(0).get("text");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> route(Map<String, Object> result) {
        return (Map<String, Object>) ((Map<String, Object>) result.get("_meta")).get(CallToolResults.ROUTE_META);
    }

    /** The reroutes of the call, one entry each, in the route summary's event shape. */
    static List<?> reroutes(Map<String, Object> result) {
        return (List<?>) route(result).get("reroutes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> serf(Map<String, Object> result) {
        return (Map<String, Object>) result.get("structuredContent");
    }

    private static JsonNode json(String text) {
        return JsonRpc.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
