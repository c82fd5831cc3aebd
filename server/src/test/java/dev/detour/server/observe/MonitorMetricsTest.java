package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorEvent.MonitorFailed;
import dev.detour.router.health.ToolHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code detour_monitor_events_total}: health-monitor runner events by monitor and kind. */
class MonitorMetricsTest {

    final MeterRegistry registry = new SimpleMeterRegistry();
    final MonitorMetrics metrics = new MonitorMetrics(registry);

    @Test
    void watchedMonitorsShowZeroForEveryKindBeforeAnythingGoesWrong() {
        metrics.watch(List.of("breaker", "probes"));

        assertThat(registry.find("detour.monitor.events").counters()).hasSize(2 * MonitorFailed.Kind.values().length)
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void aMonitorFailureCountsUnderItsMonitorAndKind() {
        metrics.onEvent(new MonitorFailed("probes", MonitorFailed.Kind.STALLED, "search@a", "busy for 2 s", null, Instant.EPOCH));

        assertThat(registry.get("detour.monitor.events").tag("monitor", "probes").tag("kind", "STALLED").counter().count()).isEqualTo(1);
    }

    @Test
    void healthTransitionsAreNotMonitorEventsToCount() {
        metrics.onEvent(new MonitorEvent.HealthTransition("search@a", ToolHealth.healthy(), ToolHealth.unavailable("down"), "down", "probes",
                Instant.EPOCH));

        assertThat(registry.find("detour.monitor.events").counters()).isEmpty();
    }
}
