package dev.detour.server.heal;

import static dev.detour.server.heal.LoopbackUpstreams.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteJournal;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.config.ToolHints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequential calls through a read-only logical tool while its cheaper upstream is killed and later
 * restarted: no call fails, every switch is a logged reroute, and traffic returns to the cheaper
 * upstream once it is back.
 */
class OutageFailoverTest {

    static final int CALLS = 300;
    static final int KILLED_AT = 100;
    static final int REVIVED_AT = 200;

    final LoopbackUpstreams loopback = new LoopbackUpstreams();

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void noCallFailsWhileTheCheaperUpstreamIsDownAndTrafficReturnsWhenItIsBack() {
        StubMcpUpstream a = loopback.start("a").answerText("search", "from a");
        StubMcpUpstream b = loopback.start("b").answerText("search", "from b");
        RouteJournal journal = new RouteJournal(CALLS * 4);
        LogicalToolConfig config = new LogicalToolConfig("web_search", "Search.", null, new ToolHints(null, true, null, null, null),
                List.of(new LogicalToolConfig.Provider(ProviderBinding.forward("a", "search"), 1),
                        new LogicalToolConfig.Provider(ProviderBinding.forward("b", "search"), 2)));
        LogicalTool tool = LogicalTool.create(config, loopback.directory(), SharedRouting.builder().listener(journal).build(),
                RouterConfig.ofDefaults());

        List<String> servedBy = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < CALLS; i++) {
            if (i == KILLED_AT) {
                loopback.kill(a);
            } else if (i == REVIVED_AT) {
                loopback.revive(a);
            }
            Map<String, Object> result = await(tool.call(Map.of("query", "q" + i), Duration.ofSeconds(5)));
            if (Boolean.TRUE.equals(result.get("isError"))) {
                failed++;
            } else {
                servedBy.add((String) LogicalToolHealingTest.route(result).get("upstream"));
            }
        }

        assertThat(failed).isZero();
        assertThat(servedBy.subList(0, KILLED_AT)).containsOnly("a");
        assertThat(servedBy.subList(KILLED_AT, REVIVED_AT)).containsOnly("b");
        assertThat(servedBy.subList(REVIVED_AT, CALLS)).containsOnly("a");
        assertThat(journal.recent(Rerouted.class)).hasSize(REVIVED_AT - KILLED_AT)
                .allSatisfy(r -> assertThat(r.failedStep()).isEqualTo("search@a"));
        assertThat(b.calls("search")).isEqualTo(REVIVED_AT - KILLED_AT);
        assertThat(a.calls("search")).isEqualTo(CALLS - (REVIVED_AT - KILLED_AT));
    }
}
