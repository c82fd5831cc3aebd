package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.router.event.Rerouted;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: an agent's calls to a logical tool through {@code detour serve} survive
 * the loss of an upstream process. Two real upstream MCP servers (child JVMs on loopback) offer the
 * same read-only {@code search}; {@code web_search} prefers the cheaper one. {@value #CALLS} calls
 * are made one after another (about 7 s on the shared 2-core machine, 12 s with start-up); the cheaper upstream is
 * SIGKILLed after a third of them and started again (same port) after two thirds.
 *
 * <p>Health runs on real time here — real processes die and start in real time — with the breaker's
 * wait in open and the probe interval shortened in the config so that recovery shows within a
 * second; the only wait is the bounded one for traffic to return after the restart.
 */
class SidecarOutageEndToEndTest {

    static final int CALLS = 1000;
    static final int KILL_AT = CALLS / 3;
    static final int RESTART_AT = 2 * CALLS / 3;
    /** Calls in a row on the cheaper upstream that show traffic is back on it. */
    static final int BACK_IN_A_ROW = 50;
    static final long RECOVERY_SECONDS = 10;

    @TempDir
    Path dir;

    UpstreamProcess cheap;
    UpstreamProcess backup;
    SidecarFixture detour;

    @BeforeEach
    void start() {
        cheap = UpstreamProcess.start("cheap");
        backup = UpstreamProcess.start("backup");
        detour = new SidecarFixture(dir, SidecarFixture.config(cheap, backup, ""), CALLS * 8);
    }

    @AfterEach
    void stop() {
        detour.close();
        cheap.close();
        backup.close();
    }

    @Test
    void noCallFailsWhileTheCheaperUpstreamIsKilledEachSwitchIsARerouteAndTrafficReturnsAfterItsRestart() {
        List<Served> served = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            if (i == KILL_AT) {
                cheap.kill();
            }
            if (i == RESTART_AT) {
                cheap.restart();
            }
            served.add(call(i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECOVERY_SECONDS);
        int inARow = 0;
        for (int i = CALLS; inARow < BACK_IN_A_ROW; i++) {
            assertThat(System.nanoTime()).as("traffic back on the cheaper upstream within %d s", RECOVERY_SECONDS).isLessThan(deadline);
            Served s = call(i);
            served.add(s);
            inARow = s.upstream().equals("cheap") ? inARow + 1 : 0;
        }

        assertThat(served).as("calls the agent saw fail").filteredOn(s -> !s.ok()).isEmpty();
        assertThat(served.subList(0, KILL_AT)).extracting(Served::upstream).containsOnly("cheap");
        assertThat(served.subList(KILL_AT, RESTART_AT)).extracting(Served::upstream).containsOnly("backup");
        List<Served> rerouted = served.stream().filter(s -> s.reroutes() > 0).toList();
        assertThat(rerouted).as("calls that switched provider").isNotEmpty().allSatisfy(s -> {
            assertThat(s.reroutes()).isEqualTo(1);
            assertThat(s.upstream()).isEqualTo("backup");
        });
        List<Rerouted> journal = detour.sidecar.journal().recent(Rerouted.class);
        assertThat(journal).as("one Rerouted in the route journal per switch").hasSize(rerouted.size())
                .allSatisfy(r -> assertThat(r.failedStep()).isEqualTo("search@cheap"));
        assertThat(journal).extracting(Rerouted::traceId).containsExactlyInAnyOrderElementsOf(rerouted.stream().map(Served::traceId).toList());
    }

    private Served call(int i) {
        JsonNode response = detour.search("q" + i);
        JsonNode result = response.path("result");
        JsonNode route = result.path("_meta").path("dev.detour/route");
        boolean ok = response.has("result") && !result.path("isError").asBoolean(false)
                && SidecarFixture.text(response).equals("from " + route.path("upstream").asText());
        return new Served(ok, route.path("upstream").asText(), route.path("reroutes").size(), route.path("traceId").asText());
    }

    /** What one call returned: whether it succeeded, which upstream served it, how often it was rerouted, its trace. */
    record Served(boolean ok, String upstream, int reroutes, String traceId) {}
}
