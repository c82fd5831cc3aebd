package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.MonitorRunner;
import dev.detour.health.probe.ProbeResult;
import dev.detour.health.probe.Prober;
import dev.detour.router.health.HealthView;
import dev.detour.router.time.ManualClock;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.observe.MonitorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitors of {@code detour serve} follow config reloads, and only when they have to. */
class HealthMonitoringTest {

    static final String CONFIG = """
            upstreams:
              a: {url: "http://127.0.0.1:9/mcp"}
              b: {url: "http://127.0.0.1:10/mcp"}
            logicalTools:
              search:
                description: Search.
                providers: [{upstream: a, tool: s}, {upstream: b, tool: s}]
            monitors:
              probes: {interval: 1h}
            """;

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    final HealthView health = new HealthView(clock);

    @Test
    void aReloadThatLeavesMonitorsAndToolsAloneKeepsTheRunningMonitors() throws IOException {
        try (HealthMonitoring monitoring = new HealthMonitoring(health, upProber(), load(CONFIG), new MonitorMetrics(new SimpleMeterRegistry()),
                clock, clock)) {
            MonitorRunner before = monitoring.runner();

            monitoring.apply(load(CONFIG.replace("description: Search.", "description: Search the web.")));

            assertThat(monitoring.runner()).isSameAs(before);
        }
    }

    @Test
    void aReloadThatChangesAMonitorOrTheWatchedToolsRestartsTheMonitors() throws IOException {
        try (HealthMonitoring monitoring = new HealthMonitoring(health, upProber(), load(CONFIG), new MonitorMetrics(new SimpleMeterRegistry()),
                clock, clock)) {
            MonitorRunner first = monitoring.runner();

            monitoring.apply(load(CONFIG.replace("interval: 1h", "interval: 2h")));
            MonitorRunner second = monitoring.runner();
            monitoring.apply(load(CONFIG.replace("interval: 1h", "interval: 2h").replace("{upstream: b, tool: s}", "{upstream: b, tool: t}")));

            assertThat(second).isNotSameAs(first);
            assertThat(monitoring.runner()).isNotSameAs(second);
        }
    }

    private static Prober upProber() {
        return (tool, timeout) -> CompletableFuture.completedFuture(ProbeResult.up("test"));
    }

    private DetourConfig load(String yaml) throws IOException {
        Path file = dir.resolve("detour.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }
}
