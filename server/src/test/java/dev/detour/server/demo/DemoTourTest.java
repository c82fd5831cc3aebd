package dev.detour.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.server.cli.DetourCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code detour demo --tour-only}, run in process once as CI runs it: the tour's MCP client talks to a
 * real Detour endpoint over loopback HTTP, in front of the demo upstreams; each test checks one part
 * of what it printed.
 */
class DemoTourTest {

    private static int exitCode;
    private static String output;

    @BeforeAll
    static void playTheTourOnce() {
        StringWriter buffer = new StringWriter();
        exitCode = new CommandLine(new DetourCommand()).setOut(new PrintWriter(buffer, true)).execute("demo", "--tour-only");
        output = buffer.toString();
    }

    private static String act(int number) {
        int start = output.indexOf("\n" + number + ". ");
        int end = output.indexOf("\n" + (number + 1) + ". ", start);
        return output.substring(start, end < 0 ? output.indexOf("Summary:") : end);
    }

    @Test
    void tourOnlyExitsZeroWhenEveryActEndsAsNarrated() {
        assertThat(exitCode).as(output).isZero();
        assertThat(output).doesNotContain("UNEXPECTED");
    }

    @Test
    void printsTheMcpUrlToConnectAClientTo() {
        assertThat(output).containsPattern("MCP URL \\(Streamable HTTP; connect any MCP client\\): http://127\\.0\\.0\\.1:\\d+/mcp");
        assertThat(output).containsPattern("curl -X POST http://127\\.0\\.0\\.1:\\d+/demo/faults/UPSTREAM/MODE");
    }

    @Test
    void printsTheMetricsUrlOfTheAdminListener() {
        assertThat(output).containsPattern("metrics: http://127\\.0\\.0\\.1:\\d+/metrics");
    }

    @Test
    void aHealthyCallTakesTheCheapestProviderAndEveryGoalToolCompletes() {
        assertThat(act(1))
                .contains("answered by search@search_a, reroutes 0")
                .contains("COMPLETED: 'research' reached goal 'report'")
                .contains("COMPLETED: 'trip_brief' reached goal 'brief'")
                .contains("COMPLETED: 'city_snapshot' reached goal 'snapshot'");
    }

    @Test
    void anOutageIsReroutedAndShownInMetaAndTheRouteJournal() {
        assertThat(act(2))
                .contains("answered by search@search_b, reroutes 1")
                .contains("_meta failed: search@search_a")
                .contains("journal: REROUTED  after search@search_a, from start: start -> search@search_b -> done")
                .contains("rerouted after web_a from fan_out: fan_out -> web_b -> snapshot")
                .contains("rerouted after map_a from fan_out: fan_out -> map_b -> snapshot");
    }

    @Test
    void aClientThatAsksForProgressHearsTheRerouteWhileItHappens() {
        assertThat(act(2))
                .contains("    progress: search@search_a failed: TRANSIENT\n"
                        + "    progress: rerouted from 'start': start -> search@search_b -> done\n"
                        + "    progress: search@search_b answered (");
    }

    @Test
    void aCompoundOutageIsDemotedByTheLadderWithoutTheLlm() {
        assertThat(act(3))
                .contains("DEMOTED: 'research' could not reach goal 'report' and reached the lesser goal 'sources' instead")
                .contains("SERF of failed step summarise: {\"category\":")
                .contains("journal: DEMOTED   report => sources  [decided by LADDER, no LLM]")
                .doesNotContain("LLM call:");
    }

    @Test
    void aDeadEndWithoutALadderIsDecidedByOneLlmCallThroughTheOpenAiClient() {
        assertThat(output).containsPattern("LLM at dead ends: openai-compatible 'detour-demo-scripted' at http://127\\.0\\.0\\.1:\\d+/v1");
        assertThat(act(4))
                .contains("DEMOTED: 'news_digest' could not reach goal 'digest' and reached the lesser goal 'headlines' instead")
                .contains("journal: DEMOTED   digest => headlines  [decided by POLICY]")
                .containsPattern("LLM call: openai-compatible 'detour-demo-scripted' decided DEMOTE in \\d+ ms, \\d+ input \\+ \\d+ output tokens");
    }

    @Test
    void theRestOfTheOutageIsDecidedByTheCachedDecisionWithNoFurtherLlmCall() {
        assertThat(act(4))
                .contains("> " + LlmAct.CACHED_REQUESTS + " more tools/call news_digest")
                .contains(LlmAct.CACHED_REQUESTS + " DEMOTED at 'headlines': each decided by the cached decision, no LLM call of its own"
                        + " (LLM calls still 1; the model server has answered 1 request)");
    }

    @Test
    void withNoSearchLeftTheCallIsEscalatedWithASerfObject() {
        assertThat(act(5))
                .contains("isError true")
                .contains("SERF structuredContent: {\"category\":")
                .contains("journal: ESCALATED");
    }

    @Test
    void afterHealingTrafficReturnsToTheCheaperProvider() {
        assertThat(act(6))
                .contains("answered by search@search_a, reroutes 0")
                .contains("COMPLETED: 'research' reached goal 'report'")
                .contains("trail topic -> search_a -> found -> summarise -> report");
    }

    @Test
    void theSummaryReportsTheOneLlmCallAndTheRequestsItsCachedDecisionDecided() {
        assertThat(output).containsPattern("Summary: \\d+ MCP calls, \\d+ upstream tool calls, \\d+ failed steps -> \\d+ reroutes, "
                + "42 demotions \\(41 decided by the LLM\\), 1 escalation; LLM calls: 1 \\(40 requests decided by cached decisions\\)\\.");
    }
}
