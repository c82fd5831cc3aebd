package dev.detour.server.cluster;

import dev.detour.health.MonitorRunner;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.health.risk.RiskMonitor;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.fakes.TestVertx;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica without the MCP parts: its cluster membership on 127.0.0.1, health view, a risk monitor
 * to mark tools on cue, a circuit breaker fed by {@link #route}, and the {@link ClusterHealth} between
 * them — wired as {@code DetourSidecar} does, membership listener included.
 */
final class ClusterReplica {

    /** Opens after two failures, half-opens 300 ms later, and two trial calls decide. */
    static final BreakerConfig BREAKER = BreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 2, 2)
            .waitInOpen(Duration.ofMillis(300)).permittedCallsInHalfOpen(2).build();

    final DetourCluster cluster;
    final HealthView view = new HealthView();
    final RiskMonitor risk = new RiskMonitor();
    final BreakerMonitor breaker = new BreakerMonitor(BREAKER);
    final Scheduler scheduler = Scheduler.virtualThreads();
    final ClusterHealth health;
    final MonitorRunner runner;
    /** Calls {@link #route} sent to the tool itself, not to the fallback. */
    final AtomicInteger calls = new AtomicInteger();
    private final Runnable membership;
    private boolean stopped;

    private ClusterReplica(DetourCluster cluster, Duration ttl) {
        this.cluster = cluster;
        this.health = new ClusterHealth(cluster.vertx(), cluster.nodeId(), Ticker.system(), scheduler, ttl);
        this.runner = MonitorRunner.builder(view).monitor(risk).monitor(breaker).listener(health).scheduler(scheduler).build();
        health.attach(runner.board());
        this.membership = cluster.onMembersChanged(health::membersChanged);
    }

    /**
     * One replica per member of {@code members}, started one at a time: the first forms the cluster,
     * the others join it (no merge of split starts).
     */
    static List<ClusterReplica> startAll(List<ClusterConfig.Member> members, Duration ttl) throws Exception {
        List<ClusterReplica> replicas = new ArrayList<>();
        for (ClusterConfig.Member self : members) {
            replicas.add(start(new ClusterConfig(true, members, self.port()), ttl));
        }
        return replicas;
    }

    static ClusterReplica start(ClusterConfig config, Duration ttl) throws Exception {
        DetourCluster cluster = DetourCluster.join(config, "127.0.0.1", TestVertx.options(), new SimpleMeterRegistry()).await(30, TimeUnit.SECONDS);
        ClusterReplica replica = new ClusterReplica(cluster, ttl);
        replica.health.start().await(10, TimeUnit.SECONDS);
        replica.runner.start();
        return replica;
    }

    /**
     * One request, routed as the router would: to {@code tool} unless this replica's view has it
     * unavailable, else to a fallback. A call to the tool succeeds when {@code up}, and its outcome
     * feeds the breaker. Returns whether the tool was called.
     */
    boolean route(String tool, boolean up) {
        if (unavailable(tool)) {
            return false;
        }
        calls.incrementAndGet();
        ToolOutcome outcome = up ? ToolOutcome.success("ok")
                : ToolOutcome.failure(ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "connection refused", SideEffects.NONE));
        runner.outcomeListener().onOutcome(tool, outcome, 1_000_000, 0);
        return true;
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
        membership.run();
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
