package dev.detour.server.heal;

import static dev.detour.server.heal.LoopbackUpstreams.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.MonitorRunner;
import dev.detour.health.MonitorRunnerConfig;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.router.RouterConfig;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.event.StepFailed;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.ManualClock;
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
 * A logical tool whose every attempt feeds a real circuit-breaker monitor (health-monitors) through
 * {@link SharedRouting}'s outcome listeners: once the breaker opens, calls no longer touch the dead
 * upstream at all, and after the upstream is back and the breaker's wait has passed, traffic returns
 * to it. Monitor time and monitor work run on a manual clock, so nothing sleeps.
 */
class MonitoredOutageTest {

    static final int CALLS = 100;

    final LoopbackUpstreams loopback = new LoopbackUpstreams();
    final ManualClock monitorTime = new ManualClock();
    final HealthView health = new HealthView(monitorTime);
    final MonitorRunner monitors = MonitorRunner.builder(health)
            .monitor(new BreakerMonitor(BreakerConfig.ofDefaults()))
            .scheduler(monitorTime).ticker(monitorTime).clock(monitorTime)
            // monitors see each outcome at once, so the test runs them right after every call
            .config(MonitorRunnerConfig.builder().drainDelay(Duration.ZERO).build())
            .build();
    final RouteJournal journal = new RouteJournal(CALLS * 4);

    @AfterEach
    void close() {
        monitors.close();
        loopback.close();
    }

    @Test
    void anOpenBreakerKeepsCallsAwayFromTheDeadUpstreamAndLetsThemBackAfterItRecovers() {
        StubMcpUpstream a = loopback.start("a").answerText("search", "from a");
        StubMcpUpstream b = loopback.start("b").answerText("search", "from b");
        monitors.start();
        LogicalTool tool = LogicalTool.create(
                new LogicalToolConfig("web_search", "Search.", null, new ToolHints(null, true, null, null, null),
                        List.of(new LogicalToolConfig.Provider(ProviderBinding.forward("a", "search"), 1),
                                new LogicalToolConfig.Provider(ProviderBinding.forward("b", "search"), 2))),
                loopback.directory(),
                SharedRouting.builder().health(health).outcomeListener(monitors.outcomeListener()).listener(journal).build(),
                RouterConfig.ofDefaults());
        loopback.kill(a);

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            servedBy.add(upstreamOf(await(tool.call(Map.of("query", "q" + i), Duration.ofSeconds(5)))));
            monitorTime.runReady();
        }

        int attemptsOnA = journal.recent(StepFailed.class).size();
        assertThat(servedBy).containsOnly("b");
        assertThat(health.health("search@a")).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(attemptsOnA).isEqualTo(BreakerConfig.DEFAULT_MINIMUM_NUMBER_OF_CALLS);
        assertThat(journal.recent(Rerouted.class)).hasSize(attemptsOnA);
        assertThat((CALLS + attemptsOnA) / (double) CALLS).as("upstream attempts per call").isLessThanOrEqualTo(1.2);

        loopback.revive(a);
        // past the breaker's wait, and through the evaluation that then half-opens it
        monitorTime.advance(BreakerConfig.DEFAULT_WAIT_IN_OPEN.plus(MonitorRunnerConfig.DEFAULT_EVALUATION_INTERVAL));
        List<String> afterRecovery = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            afterRecovery.add(upstreamOf(await(tool.call(Map.of("query", "again" + i), Duration.ofSeconds(5)))));
            monitorTime.runReady();
        }

        assertThat(afterRecovery).containsOnly("a");
        assertThat(health.health("search@a")).isEqualTo(ToolHealth.healthy());
        assertThat(b.calls("search")).isEqualTo(CALLS);
    }

    private static String upstreamOf(Map<String, Object> result) {
        assertThat(result).doesNotContainKey("isError");
        return (String) LogicalToolHealingTest.route(result).get("upstream");
    }
}
