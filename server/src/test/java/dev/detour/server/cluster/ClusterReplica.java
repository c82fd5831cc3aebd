package dev.detour.server.cluster;

import dev.detour.health.MonitorRunner;
import dev.detour.health.risk.RiskMonitor;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.fakes.TestVertx;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One replica without the MCP parts: its cluster membership on 127.0.0.1, health view, a risk monitor
 * to mark tools on cue, and the {@link ClusterHealth} between them — wired as {@code DetourSidecar} does.
 */
final class ClusterReplica {
    final DetourCluster cluster;
    final HealthView view = new HealthView();
    final RiskMonitor risk = new RiskMonitor();
    final Scheduler scheduler = Scheduler.virtualThreads();
    final ClusterHealth health;
    final MonitorRunner runner;
    private boolean stopped;

    private ClusterReplica(DetourCluster cluster, Duration ttl) {
        this.cluster = cluster;
        this.health = new ClusterHealth(cluster.vertx(), cluster.nodeId(), Ticker.system(), scheduler, ttl);
        this.runner = MonitorRunner.builder(view).monitor(risk).listener(health).scheduler(scheduler).build();
        health.attach(runner.board());
    }

    static ClusterReplica start(ClusterConfig config, Duration ttl) throws Exception {
        DetourCluster cluster = DetourCluster.join(config, "127.0.0.1", TestVertx.options(), new SimpleMeterRegistry()).await(30, TimeUnit.SECONDS);
        ClusterReplica replica = new ClusterReplica(cluster, ttl);
        replica.health.start().await(10, TimeUnit.SECONDS);
        replica.runner.start();
        return replica;
    }

    boolean unavailable(String tool) {
        return view.health(tool) instanceof ToolHealth.Unavailable;
    }

    boolean healthy(String tool) {
        return view.health(tool) instanceof ToolHealth.Healthy;
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        health.close();
        runner.close();
        try {
            cluster.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        scheduler.close();
    }
}
