package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.time.ManualClock;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.upstream.UpstreamClientConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    final ProgressRelay relay = new ProgressRelay();
    final Semaphore heard = new Semaphore(0);

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void aToolReportingProgressIsStillCutAtTheRequestTimeout() throws InterruptedException {
        StubMcpUpstream a = loopback.start("a").streaming("t");
        CompletableFuture<ToolOutcome> outcome = callWithADeadlineOf(Duration.ofSeconds(30));
        LoopbackUpstreams.await(a.received("t"));

        for (int i = 0; i < 4; i++) { // progress every 200 ms keeps the 300 ms window open
            clock.advance(Duration.ofMillis(200));
            progress(a);
        }
        clock.advance(Duration.ofMillis(199));
        loopback.settle();
        assertThat(outcome).as("still inside the request timeout").isNotDone();
        clock.advance(Duration.ofMillis(1));

        ToolError error = ((ToolOutcome.Failure) LoopbackUpstreams.await(outcome)).error();
        assertThat(error.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(error.message()).contains("within 1000 ms");
        assertThat(LoopbackUpstreams.await(a.cancelled()).path("reason").asText()).contains("timed out");
    }

    @Test
    void aToolThatAnswersBeforeTheRequestTimeoutIsNotCut() throws InterruptedException {
        StubMcpUpstream a = loopback.start("a").streaming("t");
        CompletableFuture<ToolOutcome> outcome = callWithADeadlineOf(Duration.ofSeconds(30));
        LoopbackUpstreams.await(a.received("t"));

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMillis(200));
            progress(a);
        }
        a.release("t");

        assertThat(LoopbackUpstreams.await(outcome)).isInstanceOf(ToolOutcome.Success.class);
    }

    private CompletableFuture<ToolOutcome> callWithADeadlineOf(Duration deadline) {
        relay.open("trace", line -> heard.release());
        return loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")), relay)
                .invoke(new ToolCall("trace", "s", "t@a", Map.of(), ToolAnnotations.READ_ONLY, Duration.ofMillis(300), deadline))
                .toCompletableFuture();
    }

    private void progress(StubMcpUpstream stub) throws InterruptedException {
        stub.sendProgress("t");
        assertThat(heard.tryAcquire(LoopbackUpstreams.WAIT_SECONDS, TimeUnit.SECONDS)).as("the invoker heard the progress").isTrue();
    }
}
