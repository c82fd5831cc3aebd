package dev.detour.bench.cluster;

import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorRunner;
import dev.detour.health.risk.RiskMonitor;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.cluster.ClusterConfig;
import dev.detour.server.cluster.ClusterHealth;
import dev.detour.server.cluster.DetourCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One cluster member as a Detour replica has it, without the MCP parts: its membership on 127.0.0.1,
 * a health view, a risk monitor to mark tools on cue, and {@link ClusterHealth} between them, wired
 * as {@code DetourSidecar} wires them. It notes when its view changes a tool's health, on the JVM's
 * monotonic clock, so a verdict's travel time is read where it lands.
 */
final class BenchMember implements AutoCloseable {

    final DetourCluster cluster;
    final HealthView view = new HealthView();
    final RiskMonitor risk = new RiskMonitor();
    private final Scheduler scheduler = Scheduler.virtualThreads();
    private final ClusterHealth health;
    private final MonitorRunner runner;
    private final Runnable membership;
    /** Per tool, the future the next health transition of that tool completes with its nano time. */
    private final Map<String, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();

    private BenchMember(DetourCluster cluster) {
        this.cluster = cluster;
        this.health = new ClusterHealth(cluster.vertx(), cluster.nodeId(), Ticker.system(), scheduler, ClusterHealth.DEFAULT_VERDICT_TTL);
        this.runner = MonitorRunner.builder(view).monitor(risk).listener(health).listener(this::noted).scheduler(scheduler).build();
        health.attach(runner.board());
        this.membership = cluster.onMembersChanged(health::membersChanged);
    }

    /** Joins the cluster of {@code config} on 127.0.0.1 and starts sharing health. */
    static BenchMember start(ClusterConfig config) throws Exception {
        DetourCluster cluster = DetourCluster.join(config, "127.0.0.1", new VertxOptions(), new SimpleMeterRegistry()).await(30, TimeUnit.SECONDS);
        BenchMember member = new BenchMember(cluster);
        member.health.start().await(10, TimeUnit.SECONDS);
        member.runner.start();
        return member;
    }

    /** Completes with {@link System#nanoTime()} when this member's view next changes {@code tool}'s health. */
    CompletableFuture<Long> nextTransition(String tool) {
        CompletableFuture<Long> next = new CompletableFuture<>();
        expected.put(tool, next);
        return next;
    }

    boolean unavailable(String tool) {
        return view.health(tool) instanceof ToolHealth.Unavailable;
    }

    private void noted(MonitorEvent event) {
        if (event instanceof MonitorEvent.HealthTransition transition) {
            long at = System.nanoTime();
            CompletableFuture<Long> waiting = expected.remove(transition.tool());
            if (waiting != null) {
                waiting.complete(at);
            }
        }
    }

    @Override
    public void close() throws Exception {
        membership.run();
        health.close();
        runner.close();
        cluster.close().await(10, TimeUnit.SECONDS);
        scheduler.close();
    }
}
