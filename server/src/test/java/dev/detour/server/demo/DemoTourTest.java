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
    void aCompoundOutageIsDemotedThenEscalatedWithASerfObject() {
        assertThat(act(3))
                .contains("DEMOTED: 'research' could not reach goal 'report' and reached the lesser goal 'sources' instead")
                .contains("SERF of failed step summarise: {\"category\":")
                .contains("journal: DEMOTED   report => sources  [decided by LADDER, no LLM]")
                .contains("isError true")
                .contains("SERF structuredContent: {\"category\":")
                .contains("journal: ESCALATED");
    }

    @Test
    void afterHealingTrafficReturnsToTheCheaperProvider() {
        assertThat(act(4))
                .contains("answered by search@search_a, reroutes 0")
                .contains("COMPLETED: 'research' reached goal 'report'")
                .contains("trail topic -> search_a -> found -> summarise -> report");
    }

    @Test
    void theWholeTourNeedsNoLlmCall() {
        assertThat(output).containsPattern("Summary: \\d+ MCP calls, \\d+ upstream tool calls, \\d+ failed steps -> \\d+ reroutes, 1 demotion, 1 escalation; LLM calls: 0\\.");
    }
}
