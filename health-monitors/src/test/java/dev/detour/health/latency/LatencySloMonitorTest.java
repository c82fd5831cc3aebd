package dev.detour.health.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.HealthMonitor;
import dev.detour.health.contract.HealthMonitorContract;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.health.ToolHealth;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencySloMonitorTest extends HealthMonitorContract {

    private static final String TOOL = "tool-a";
    private static final LatencySloConfig CONFIG = LatencySloConfig.builder()
            .quantile(0.99)
            .slo(TOOL, Duration.ofMillis(100))
            .window(Duration.ofSeconds(10), 5)
            .minimumSamples(10)
            .recoveryRatio(0.8)
            .maxPenalty(16)
            .build();

    private final LatencySloMonitor latency = new LatencySloMonitor(CONFIG);
    private final MonitorHarness h = new MonitorHarness(latency);

    @Override
    protected HealthMonitor newMonitor() {
        return new LatencySloMonitor(CONFIG);
    }

    /** Steady traffic: two calls of {@code each} per second for {@code seconds}. */
    private void steady(Duration each, int seconds) {
        for (int i = 0; i < seconds; i++) {
            h.succeed(TOOL, 2, each);
            h.advance(Duration.ofSeconds(1));
        }
    }

    private double penalty() {
        return h.health(TOOL) instanceof ToolHealth.Degraded d ? d.penalty() : 1.0;
    }

    @Test
    void degradesAToolWhoseP99ExceedsItsSloWithAPenaltyProportionalToTheOverrun() {
        steady(Duration.ofMillis(300), 10);

        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Degraded.class);
        assertThat(penalty()).isEqualTo(4.0);
        assertThat(h.health(TOOL).reason()).startsWith("latency: p99 30").contains("over the 100 ms SLO");
    }

    @Test
    void thePenaltyIsCappedAndNeverInfinite() {
        steady(Duration.ofSeconds(100), 10);

        assertThat(penalty()).isEqualTo(16.0);
    }

    @Test
    void holdsThePenaltyWhileTheP99IsBetweenTheRecoveryLineAndTheSlo() {
        steady(Duration.ofMillis(150), 10);
        assertThat(penalty()).isEqualTo(2.0);

        steady(Duration.ofMillis(90), 15);

        assertThat(penalty()).isEqualTo(2.0);
        assertThat(h.transitions(TOOL)).hasSize(1);
    }

    @Test
    void liftsThePenaltyWhenTheP99FallsBelowTheRecoveryLine() {
        steady(Duration.ofMillis(150), 10);

        steady(Duration.ofMillis(50), 15);

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
        assertThat(h.transitions(TOOL).getLast().reason()).contains("back within the 100 ms SLO");
    }

    @Test
    void liftsThePenaltyWhenTooFewRecentSamplesAreLeftToJudge() {
        steady(Duration.ofMillis(300), 10);
        assertThat(penalty()).isEqualTo(4.0);

        h.advance(Duration.ofSeconds(11));

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void fewerSamplesThanTheMinimumAreNotJudged() {
        h.succeed(TOOL, 9, Duration.ofSeconds(5));
        h.advance(Duration.ofSeconds(1));

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void timeoutsAreLatencySamplesButOtherFailuresAreNot() {
        h.fail(TOOL, 20, ErrorCategory.UPSTREAM_UNAVAILABLE);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());

        for (int i = 0; i < 20; i++) {
            h.record(TOOL, MonitorHarness.failure(ErrorCategory.TIMEOUT), Duration.ofMillis(450));
        }
        h.advance(Duration.ofSeconds(1));
        assertThat(penalty()).isEqualTo(8.0);
    }

    @Test
    void toolsWithoutTheirOwnSloUseTheDefault() {
        for (int i = 0; i < 10; i++) {
            h.succeed("tool-b", 2, Duration.ofSeconds(4));
            h.advance(Duration.ofSeconds(1));
        }

        assertThat(h.health("tool-b")).isEqualTo(ToolHealth.healthy());
    }
}
