package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.config.ConfigWatcher;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of {@code detour serve}: the watcher is driven by hand ({@link ConfigWatcher#check()}),
 * so nothing waits for a timer. Reloads that change {@code upstreams} are in {@link SidecarUpstreamReloadTest}.
 */
class SidecarReloadTest {

    static final String LOOKUP = """
            lookup:
              description: Look something up.
              annotations: {readOnlyHint: true}
              providers: [{upstream: backup, tool: search}]
            """;

    static final String SLOW_LOOKUP = """
            slow_lookup:
              description: Look something up slowly.
              annotations: {readOnlyHint: true}
              providers: [{upstream: cheap, tool: hold}]
            """;

    static UpstreamProcess cheap;
    static UpstreamProcess backup;

    @TempDir
    Path dir;

    SidecarFixture detour;
    ConfigWatcher watcher;

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
        detour = new SidecarFixture(dir, SidecarFixture.config(cheap, backup, SLOW_LOOKUP), SidecarOptions.DEFAULT_JOURNAL_CAPACITY);
        watcher = detour.sidecar.watch(detour.file, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        detour.close();
    }

    @Test
    void aValidChangeIsServedToSessionsAlreadyOpen() {
        detour.write(SidecarFixture.config(cheap, backup, SLOW_LOOKUP + LOOKUP));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);
        assertThat(detour.toolNames()).contains("lookup");
        assertThat(SidecarFixture.text(detour.call("lookup", JsonRpc.MAPPER.createObjectNode().put("query", "q")))).isEqualTo("from backup");
    }

    @Test
    void anInvalidChangeIsRejectedAndTheOldConfigKeepsServing() {
        detour.write(SidecarFixture.config(cheap, backup, SLOW_LOOKUP).replace("cost: 5", "cost: five"));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.REJECTED);
        assertThat(detour.toolNames()).contains("web_search", "send_receipt", "slow_lookup");
        assertThat(SidecarFixture.text(detour.search("still"))).isEqualTo("from cheap");
        assertThat(detour.sidecar.config().logicalTools()).hasSize(3);
    }

    @Test
    void aCallInFlightFinishesOnTheConfigItStartedWithEvenWhenItsToolIsRemoved() throws Exception {
        CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(
                () -> detour.call("slow_lookup", JsonRpc.MAPPER.createObjectNode().put("query", "q")));
        TestVertx.awaitCondition("the slow call reached its upstream", 10_000, () -> holding() == 1);

        detour.write(SidecarFixture.config(cheap, backup, LOOKUP));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);
        assertThat(detour.toolNames()).contains("lookup").doesNotContain("slow_lookup");
        detour.call("cheap_release", JsonRpc.MAPPER.createObjectNode());

        JsonNode response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.path("result").path("isError").asBoolean()).isFalse();
        assertThat(SidecarFixture.text(response)).isEqualTo("held");
    }

    private int holding() {
        return Integer.parseInt(SidecarFixture.text(detour.call("cheap_holding", JsonRpc.MAPPER.createObjectNode())));
    }
}
