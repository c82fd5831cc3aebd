package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.server.config.ConfigWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detour_config_reloads_total}, and the health gauges following a reloaded config's tools. */
class ReloadMetricsTest {

    /** Checked by the test itself, never by the timer. */
    static final Duration NEVER = Duration.ofDays(1);

    @TempDir
    Path dir;

    ObservedSidecar detour;
    ConfigWatcher watcher;

    @BeforeEach
    void start() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);
        watcher = detour.sidecar.watch(detour.file, NEVER);
    }

    @AfterEach
    void stop() {
        detour.close();
    }

    @Test
    void bothResultsShowZeroBeforeAnyReload() {
        PrometheusText metrics = detour.scrape();

        assertThat(metrics.matching("detour_config_reloads_total", "result", "applied")).hasSize(1);
        assertThat(metrics.value("detour_config_reloads_total", "result", "applied")).isZero();
        assertThat(metrics.value("detour_config_reloads_total", "result", "rejected")).isZero();
    }

    @Test
    void anAppliedReloadCountsAsApplied() throws IOException {
        Files.writeString(detour.file, detour.config(ObservedSidecar.QUIET_MONITORS).replace("Search the web.", "Search the whole web."));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);

        assertThat(detour.scrape().value("detour_config_reloads_total", "result", "applied")).isEqualTo(1);
    }

    @Test
    void aRejectedReloadCountsAsRejected() throws IOException {
        Files.writeString(detour.file, "upstreams: [not, a, mapping]\n");

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.REJECTED);

        PrometheusText metrics = detour.scrape();
        assertThat(metrics.value("detour_config_reloads_total", "result", "rejected")).isEqualTo(1);
        assertThat(metrics.value("detour_config_reloads_total", "result", "applied")).isZero();
    }

    @Test
    void aReloadThatDropsAToolDropsItsHealthGauges() throws IOException {
        String withoutGoalTools = detour.config(ObservedSidecar.QUIET_MONITORS);
        withoutGoalTools = withoutGoalTools.substring(0, withoutGoalTools.indexOf("goalTools:")) + ObservedSidecar.QUIET_MONITORS;
        Files.writeString(detour.file, withoutGoalTools);

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);

        PrometheusText metrics = detour.scrape();
        assertThat(metrics.matching("detour_tool_health", "tool", "summarise@summariser")).isEmpty();
        assertThat(metrics.matching("detour_tool_health", "tool", "search@search_a")).hasSize(3);
    }
}
