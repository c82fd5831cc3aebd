package dev.detour.health.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.HealthMonitor;
import dev.detour.health.MonitorEvent;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.health.ToolHealth;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HealthMonitor} must do. Each monitor's test class extends this and supplies a fresh
 * monitor that judges {@link #tool()}.
 */
public abstract class HealthMonitorContract {

    /** A new monitor, configured so that it judges {@link #tool()}. */
    protected abstract HealthMonitor newMonitor();

    /** The tool the contract feeds. */
    protected String tool() {
        return "tool-a";
    }

    @Test
    void hasAStableNonBlankName() {
        assertThat(newMonitor().name()).isNotBlank().isEqualTo(newMonitor().name());
    }

    @Test
    void callerSideFailuresNeverChangeATool_sHealth() {
        try (MonitorHarness h = new MonitorHarness(newMonitor())) {
            for (int round = 0; round < 30; round++) {
                for (ErrorCategory c : Arrays.stream(ErrorCategory.values()).filter(ErrorCategory::ignoredByHealth).toList()) {
                    h.fail(tool(), 5, c);
                }
                h.advance(Duration.ofSeconds(2));
            }
            assertThat(h.health(tool())).isEqualTo(ToolHealth.healthy());
            assertThat(h.events()).noneMatch(MonitorEvent.SignalChanged.class::isInstance);
        }
    }

    @Test
    void fastSuccessesNeverTakeAToolOut() {
        try (MonitorHarness h = new MonitorHarness(newMonitor())) {
            for (int round = 0; round < 30; round++) {
                h.succeed(tool(), 20, Duration.ofMillis(5));
                h.advance(Duration.ofSeconds(2));
            }
            assertThat(h.health(tool())).isEqualTo(ToolHealth.healthy());
        }
    }

    @Test
    void evaluatingWithoutAnyObservationIsHarmless() {
        try (MonitorHarness h = new MonitorHarness(newMonitor())) {
            h.advance(Duration.ofMinutes(5));
            assertThat(h.failures()).isEmpty();
        }
    }
}
