package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.time.ManualClock;
import dev.detour.server.upstream.UpstreamClientConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream client's request timeout is an absolute cap, as the MCP specification recommends:
 * progress restarts a call's ATBA window, never the client's own limit. On manual time.
 */
class UpstreamRequestTimeoutTest {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    final ManualClock clock = new ManualClock();
    final LoopbackUpstreams loopback = new LoopbackUpstreams(clock,
            UpstreamClientConfig.builder().requestTimeout(REQUEST_TIMEOUT).build());

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void aToolReportingProgressIsStillCutAtTheRequestTimeout() throws InterruptedException {
        StubMcpUpstream a = loopback.start("a").streaming("t");
        StreamingCall call = new StreamingCall(loopback, a, new ToolCall("trace", "s", "t@a", Map.of(), ToolAnnotations.READ_ONLY,
                Duration.ofMillis(300), Duration.ofSeconds(30)));

        for (int i = 0; i < 4; i++) { // progress every 200 ms keeps the 300 ms window open
            clock.advance(Duration.ofMillis(200));
            call.progress();
        }
        clock.advance(Duration.ofMillis(199));
        loopback.settle();
        assertThat(call.outcome()).as("still inside the request timeout").isNotDone();
        clock.advance(Duration.ofMillis(1));

        ToolError error = ((ToolOutcome.Failure) LoopbackUpstreams.await(call.outcome())).error();
        assertThat(error.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(error.message()).contains("within 1000 ms");
        assertThat(LoopbackUpstreams.await(a.cancelled()).path("reason").asText()).contains("timed out");
    }

    @Test
    void aToolThatAnswersBeforeTheRequestTimeoutIsNotCut() throws InterruptedException {
        StubMcpUpstream a = loopback.start("a").streaming("t");
        StreamingCall call = new StreamingCall(loopback, a, new ToolCall("trace", "s", "t@a", Map.of(), ToolAnnotations.READ_ONLY,
                Duration.ofMillis(300), Duration.ofSeconds(30)));

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMillis(200));
            call.progress();
        }
        a.release("t");

        assertThat(LoopbackUpstreams.await(call.outcome())).isInstanceOf(ToolOutcome.Success.class);
    }
}
