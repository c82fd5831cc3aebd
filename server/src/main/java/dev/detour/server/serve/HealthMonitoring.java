package dev.detour.server.serve;

import dev.detour.health.HealthMonitor;
import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorRunner;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.health.latency.LatencySloMonitor;
import dev.detour.health.outlier.OutlierMonitor;
import dev.detour.health.probe.ProbeMonitor;
import dev.detour.health.probe.Prober;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.cluster.ClusterHealth;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.config.MonitorsConfig;
import dev.detour.server.observe.MonitorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health monitors of a config, as one {@link OutcomeListener} for every healing tool's router:
 * a health-monitors {@link MonitorRunner} with the configured breaker, outlier, latency and probe
 * monitors over the tools the config routes to, writing the shared {@link HealthView}; the runner's
 * events are logged and counted.
 *
 * <p>The routers keep this listener for life; {@link #apply} swaps the runner behind it when a
 * reloaded config changes the monitors or the tools they watch. The old runner is closed first,
 * which withdraws its verdicts, so a swap never leaves a tool marked down by a monitor that no
 * longer runs. Thread-safe.
 */
final class HealthMonitoring implements OutcomeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitoring.class);

    private final HealthView health;
    private final Prober prober;
    private final MonitorMetrics metrics;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final ClusterHealth cluster;
    private MonitorsConfig monitors;
    private Set<String> tools;
    private volatile MonitorRunner runner;

    /**
     * Starts the monitors of {@code config}.
     *
     * @param prober  how probe monitors reach upstream tools ({@code McpToolProber})
     * @param metrics   counts the runners' events
     * @param ticker    the time the monitors judge by: the routers' own, as outcomes carry its readings
     * @param scheduler where the monitors run
     */
    HealthMonitoring(HealthView health, Prober prober, DetourConfig config, MonitorMetrics metrics, Ticker ticker, Scheduler scheduler) {
        this(health, prober, config, metrics, ticker, scheduler, null);
    }

    /**
     * Starts the monitors of {@code config}, sharing their verdicts through {@code cluster}.
     *
     * @param cluster publishes every runner's local verdicts and applies the other replicas' to its
     *                board, or {@code null}: this replica is alone
     */
    HealthMonitoring(HealthView health, Prober prober, DetourConfig config, MonitorMetrics metrics, Ticker ticker, Scheduler scheduler,
            ClusterHealth cluster) {
        this.cluster = cluster;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.health = Objects.requireNonNull(health, "health");
        this.prober = Objects.requireNonNull(prober, "prober");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.monitors = config.monitors();
        this.tools = config.routedTools();
        this.runner = start(monitors, tools);
    }

    /** Rebuilds the runner when {@code config} changes the monitors or the tools they watch; else keeps it. */
    synchronized void apply(DetourConfig config) {
        if (config.monitors().equals(monitors) && config.routedTools().equals(tools)) {
            return;
        }
        runner.close();
        monitors = config.monitors();
        tools = config.routedTools();
        runner = start(monitors, tools);
        LOG.info("health monitors restarted for the new configuration ({} tools watched)", tools.size());
    }

    /** The running runner (its board and counters). */
    MonitorRunner runner() {
        return runner;
    }

    @Override
    public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        runner.outcomeListener().onOutcome(tool, outcome, latencyNanos, atNanos);
    }

    @Override
    public synchronized void close() {
        runner.close();
    }

    private MonitorRunner start(MonitorsConfig config, Set<String> watched) {
        List<HealthMonitor> monitors = new ArrayList<>();
        if (config.breaker() != null) {
            monitors.add(new BreakerMonitor(config.breaker()));
        }
        if (config.outlier() != null) {
            monitors.add(new OutlierMonitor(config.outlier()));
        }
        if (config.latency() != null) {
            monitors.add(new LatencySloMonitor(config.latency()));
        }
        if (config.probes() != null && !watched.isEmpty()) {
            monitors.add(new ProbeMonitor(config.probes(), prober, List.copyOf(watched)));
        }
        MonitorRunner.Builder b = MonitorRunner.builder(health).ticker(ticker).scheduler(scheduler).config(config.runner())
                .listener(HealthMonitoring::log).listener(metrics);
        monitors.forEach(b::monitor);
        metrics.watch(monitors.stream().map(HealthMonitor::name).toList());
        if (cluster != null) {
            b.listener(cluster);
        }
        MonitorRunner started = b.build();
        if (cluster != null) {
            cluster.attach(started.board()); // before start: the first verdicts already go to the cluster
        }
        started.start();
        return started;
    }

    private static void log(MonitorEvent event) {
        switch (event) {
            case MonitorEvent.HealthTransition t -> LOG.info("{} is now {} ({})", t.tool(), t.to(), t.reason());
            case MonitorEvent.MonitorFailed f -> LOG.warn("monitor {} {} on {}: {}", f.monitor(), f.kind(), f.tool(), f.detail());
            case MonitorEvent.SignalChanged s -> LOG.debug("{}: {} {} -> {} ({})", s.monitor(), s.tool(), s.from(), s.to(), s.reason());
        }
    }
}
