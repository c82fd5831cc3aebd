package dev.detour.server.config;

import dev.detour.health.MonitorRunnerConfig;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.latency.LatencySloConfig;
import dev.detour.health.outlier.OutlierConfig;
import dev.detour.health.probe.ProbeConfig;
import java.util.Objects;

/**
 * Which health monitors run and how, as health-monitors' own configuration records. Monitors watch
 * upstream tools under their router names ({@code tool@upstream}). Immutable; a {@code null}
 * monitor is switched off.
 *
 * @param breaker  the passive circuit breaker per upstream tool, or {@code null}
 * @param outlier  error-rate outlier ejection among the providers of each logical tool, or {@code null}
 * @param latency  the latency-SLO penalty, or {@code null}
 * @param probes   active probes ({@code ping} / {@code tools/list}) per upstream, or {@code null}
 * @param runner   how the monitors are run
 */
public record MonitorsConfig(BreakerConfig breaker, OutlierConfig outlier, LatencySloConfig latency, ProbeConfig probes, MonitorRunnerConfig runner) {

    public MonitorsConfig {
        Objects.requireNonNull(runner, "runner");
    }

    /**
     * Every monitor on, with health-monitors' defaults; no outlier capabilities (the loader derives
     * them from the logical tools).
     */
    public static MonitorsConfig ofDefaults() {
        return new MonitorsConfig(BreakerConfig.ofDefaults(), OutlierConfig.builder().build(), LatencySloConfig.ofDefaults(),
                ProbeConfig.ofDefaults(), MonitorRunnerConfig.ofDefaults());
    }
}
