package dev.detour.server.heal;

import static dev.detour.server.heal.LoopbackUpstreams.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.probe.ProbeResult;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Active probes over MCP {@code tools/list} against stub upstreams on loopback. */
class McpToolProberTest {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    final LoopbackUpstreams loopback = new LoopbackUpstreams();

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void aToolItsUpstreamListsIsUp() {
        loopback.start("a").answerText("search", "hits");

        ProbeResult result = await(new McpToolProber(loopback.directory()).probe("search@a", TIMEOUT));

        assertThat(result.up()).isTrue();
    }

    @Test
    void aToolItsUpstreamNoLongerListsIsDown() {
        loopback.start("a").answerText("search", "hits");

        ProbeResult result = await(new McpToolProber(loopback.directory()).probe("geocode@a", TIMEOUT));

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("no longer lists 'geocode'");
    }

    @Test
    void aToolWhoseUpstreamIsUnreachableIsDown() {
        loopback.startDown("a").answerText("search", "hits");

        ProbeResult result = await(new McpToolProber(loopback.directory()).probe("search@a", TIMEOUT));

        assertThat(result.up()).isFalse();
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIsDownAndItsListingIsCancelled() {
        StubMcpUpstream a = loopback.start("a").answerText("search", "hits").holdListings();

        ProbeResult result = await(new McpToolProber(loopback.directory()).probe("search@a", Duration.ofMillis(100)));

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).contains("no answer within 100 ms");
        await(a.cancelled());
    }

    @Test
    void overlappingProbesOfOneUpstreamShareOneListing() {
        StubMcpUpstream a = loopback.start("a").answerText("search", "hits").answerText("geocode", "here").holdListings();
        McpToolProber prober = new McpToolProber(loopback.directory());

        CompletionStage<ProbeResult> first = prober.probe("search@a", TIMEOUT);
        CompletionStage<ProbeResult> second = prober.probe("geocode@a", TIMEOUT);
        loopback.settle(); // both probes have asked for a listing while the first is still unanswered
        a.releaseListings();

        assertThat(await(first).up()).isTrue();
        assertThat(await(second).up()).isTrue();
        assertThat(a.listings()).isEqualTo(1);
    }
}
