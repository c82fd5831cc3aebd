package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.demo.Fault;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detour_tool_health} and {@code detour_tool_weight_multiplier}: gauges over the shared health view. */
class HealthMetricsTest {

    final MeterRegistry registry = new SimpleMeterRegistry();
    final HealthView health = new HealthView();
    final HealthMetrics metrics = new HealthMetrics(registry, health);

    @Test
    void aToolThatBecomesUnavailableFlipsItsStateGaugesAndItsWeightToInfinity(@TempDir Path dir) {
        try (ObservedSidecar detour = new ObservedSidecar(dir, ObservedSidecar.FAST_PROBES)) {
            detour.awaitMetric("detour_tool_health", 1, "tool", "search@search_a", "state", "HEALTHY");

            detour.inject("search_a", Fault.DOWN);

            detour.awaitMetric("detour_tool_health", 1, "tool", "search@search_a", "state", "UNAVAILABLE");
            PrometheusText metrics = detour.scrape();
            assertThat(metrics.value("detour_tool_health", "tool", "search@search_a", "state", "HEALTHY")).isZero();
            assertThat(metrics.value("detour_tool_weight_multiplier", "tool", "search@search_a")).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(metrics.value("detour_tool_weight_multiplier", "tool", "search@search_b")).isEqualTo(1);
        }
    }

    @Test
    void aDegradedToolWeighsItsPenalty() {
        metrics.track(Set.of("search@a"));

        health.set("search@a", ToolHealth.degraded(4, "slow"));

        assertThat(gauge("detour.tool.health", "search@a", "DEGRADED")).isEqualTo(1);
        assertThat(gauge("detour.tool.health", "search@a", "HEALTHY")).isZero();
        assertThat(registry.get("detour.tool.weight.multiplier").tag("tool", "search@a").gauge().value()).isEqualTo(4);
    }

    @Test
    void trackingAReloadedConfigsToolsDropsTheGaugesOfRemovedToolsAndAddsNewOnes() {
        metrics.track(Set.of("search@a", "search@b"));

        metrics.track(Set.of("search@b", "search@c"));

        assertThat(registry.find("detour.tool.health").tag("tool", "search@a").gauges()).isEmpty();
        assertThat(registry.find("detour.tool.weight.multiplier").tag("tool", "search@a").gauges()).isEmpty();
        assertThat(registry.find("detour.tool.health").tag("tool", "search@c").gauges()).hasSize(3);
        assertThat(registry.find("detour.tool.health").tag("tool", "search@b").gauges()).hasSize(3);
    }

    private double gauge(String name, String tool, String state) {
        RequiredSearch search = registry.get(name).tag("tool", tool).tag("state", state);
        return search.gauge().value();
    }
}
