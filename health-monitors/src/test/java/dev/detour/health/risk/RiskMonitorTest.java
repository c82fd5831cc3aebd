package dev.detour.health.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.HealthMonitor;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.health.contract.HealthMonitorContract;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.health.ToolHealth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskMonitorTest extends HealthMonitorContract {

    private static final String TOOL = "tool-a";

    private final RiskMonitor risk = new RiskMonitor();
    private final MonitorHarness h = new MonitorHarness(risk, new BreakerMonitor(BreakerConfig.ofDefaults()));

    @Override
    protected HealthMonitor newMonitor() {
        return new RiskMonitor();
    }

    @Test
    void aFlagTakesAToolOutWithItsReason() {
        risk.flag(TOOL, ToolHealth.unavailable(""), "vendor incident INC-4711");

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.unavailable("risk: vendor incident INC-4711"));
        assertThat(h.transitions(TOOL)).singleElement().satisfies(t -> assertThat(t.monitor()).isEqualTo("risk"));
    }

    @Test
    void aFlagHoldsUntilCleared() {
        risk.flag(TOOL, ToolHealth.unavailable(""), "data-residency block");

        h.advance(Duration.ofHours(1));
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);

        risk.clear(TOOL);
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void aDegradedFlagPenalisesFinitely() {
        risk.flag(TOOL, ToolHealth.degraded(4, ""), "data-residency review");

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.degraded(4, "risk: data-residency review"));
    }

    @Test
    void aHealthyFlagOverridesLowerPriorityMonitors() {
        h.fail(TOOL, 5);
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);

        risk.flag(TOOL, ToolHealth.healthy(), "operator override: keep in rotation");
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());

        risk.clear(TOOL);
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
    }

    @Test
    void applyingAPolicyMakesTheFlagsExactlyThePolicy_s() {
        risk.flag("old", ToolHealth.unavailable(""), "stale incident");

        risk.apply(RiskPolicy.parse("risk.policy", List.of(
                "search@brave unavailable vendor incident",
                "geo@eu degraded:3 residency review")));

        assertThat(h.health("old")).isEqualTo(ToolHealth.healthy());
        assertThat(h.health("search@brave")).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.health("geo@eu")).isEqualTo(ToolHealth.degraded(3, "risk: residency review"));
        assertThat(risk.flags()).containsOnlyKeys("search@brave", "geo@eu");
    }

    @Test
    void flagsSetBeforeStartApplyOnStart() {
        RiskMonitor early = new RiskMonitor();
        early.flag("tool-x", ToolHealth.unavailable(""), "known incident");

        try (MonitorHarness other = new MonitorHarness(early)) {
            assertThat(other.health("tool-x")).isInstanceOf(ToolHealth.Unavailable.class);
        }
    }
}
