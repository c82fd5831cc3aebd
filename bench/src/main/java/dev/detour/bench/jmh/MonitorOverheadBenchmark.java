package dev.detour.bench.jmh;

import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.health.MonitorRunner;
import dev.detour.health.MonitorRunnerConfig;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.health.latency.LatencySloConfig;
import dev.detour.health.latency.LatencySloMonitor;
import dev.detour.health.outlier.OutlierConfig;
import dev.detour.health.outlier.OutlierMonitor;
import dev.detour.health.probe.ProbeConfig;
import dev.detour.health.probe.ProbeMonitor;
import dev.detour.health.probe.ProbeResult;
import dev.detour.health.risk.RiskMonitor;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Overhead added to one routed call by recording its outcome in the health monitors (issue 3 target:
 * well under a microsecond per monitor on average), all variants in the same run.
 *
 * <ul>
 *   <li>{@link #baseline}: the outcome handed to a no-op {@code OutcomeListener} — the cost of picking
 *       the next observation, which every other variant also pays;</li>
 *   <li>{@link #breaker}, {@link #outlier}, {@link #latency}, {@link #probe}, {@link #risk}: one
 *       monitor's {@code onOutcome}, the work its lane does per call;</li>
 *   <li>{@link #allMonitors}: all five in sequence, the monitor work per call;</li>
 *   <li>{@link #runner}: the whole path through a real {@link MonitorRunner} on one thread — the
 *       {@code OutcomeListener} a {@code Router} calls (one record, an enqueue per monitor), then,
 *       every {@value #DRAIN_EVERY} calls, the lanes' drains (dequeue and the five monitors). So it is
 *       the total CPU per recorded call wherever it runs; what the request thread itself pays is the
 *       part beyond {@link #allMonitors}. The runner's periodic evaluation (every 100 ms, not per call)
 *       is left out;</li>
 *   <li>{@link #runnerWithIdleMonitors}: the same runner path with five monitors that do nothing — the
 *       cost of the lanes themselves (record, enqueue, dequeue), an upper bound of what the request
 *       thread pays.</li>
 * </ul>
 *
 * Traffic: 64 tools in 16 capabilities of 4 providers, 5 % failures, latencies 1–400 ms, outcomes
 * spaced 1 ms apart on a synthetic ticker so windows roll over as in production.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MonitorOverheadBenchmark {

    private static final int TOOLS = 64;
    private static final int OBSERVATIONS = 4096;
    private static final long ONE_MS = 1_000_000L;

    /** How many recorded calls the runner's lanes batch before the benchmark thread drains them. */
    static final int DRAIN_EVERY = 1024;

    private final String[] tools = new String[OBSERVATIONS];
    private final ToolOutcome[] outcomes = new ToolOutcome[OBSERVATIONS];
    private final long[] latencies = new long[OBSERVATIONS];
    private long now;
    private int next;

    private OutcomeListener noop;
    private HealthMonitor breakerMonitor;
    private HealthMonitor outlierMonitor;
    private HealthMonitor latencyMonitor;
    private HealthMonitor probeMonitor;
    private HealthMonitor riskMonitor;
    private HealthMonitor[] all;
    private MonitorRunner runner;
    private OutcomeListener feed;
    private InlineScheduler lanes;
    private int sinceDrain;
    private MonitorRunner idleRunner;
    private OutcomeListener idleFeed;
    private InlineScheduler idleLanes;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(20_261_125L);
        List<String> names = new ArrayList<>();
        OutlierConfig.Builder capabilities = OutlierConfig.builder();
        for (int c = 0; c < TOOLS / 4; c++) {
            String[] providers = new String[4];
            for (int p = 0; p < 4; p++) {
                providers[p] = "tool-" + c + "@" + p;
                names.add(providers[p]);
            }
            capabilities.capability("capability-" + c, providers);
        }
        ToolOutcome success = ToolOutcome.success("ok");
        ToolOutcome failure = ToolOutcome.failure(ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "down", SideEffects.NONE));
        for (int i = 0; i < OBSERVATIONS; i++) {
            tools[i] = names.get(random.nextInt(TOOLS));
            outcomes[i] = random.nextInt(100) < 5 ? failure : success;
            latencies[i] = (1 + random.nextInt(400)) * ONE_MS;
        }

        noop = (tool, outcome, latencyNanos, atNanos) -> { };
        breakerMonitor = started(new BreakerMonitor(BreakerConfig.ofDefaults()));
        outlierMonitor = started(new OutlierMonitor(capabilities.build()));
        latencyMonitor = started(new LatencySloMonitor(LatencySloConfig.ofDefaults()));
        probeMonitor = started(new ProbeMonitor(ProbeConfig.ofDefaults(),
                (tool, timeout) -> CompletableFuture.completedFuture(ProbeResult.up("pong")), names));
        riskMonitor = started(new RiskMonitor());
        all = new HealthMonitor[] {breakerMonitor, outlierMonitor, latencyMonitor, probeMonitor, riskMonitor};

        lanes = new InlineScheduler();
        runner = MonitorRunner.builder(new HealthView())
                .scheduler(lanes)
                .config(MonitorRunnerConfig.builder().drainDelay(Duration.ZERO).build())
                .ticker(() -> now)
                .monitor(new BreakerMonitor(BreakerConfig.ofDefaults()))
                .monitor(new OutlierMonitor(capabilities.build()))
                .monitor(new LatencySloMonitor(LatencySloConfig.ofDefaults()))
                .monitor(new ProbeMonitor(ProbeConfig.ofDefaults(), (tool, timeout) -> CompletableFuture.completedFuture(ProbeResult.up("pong")), names))
                .monitor(new RiskMonitor())
                .build();
        runner.start();
        feed = runner.outcomeListener();

        idleLanes = new InlineScheduler();
        MonitorRunner.Builder idle = MonitorRunner.builder(new HealthView()).scheduler(idleLanes)
                .config(MonitorRunnerConfig.builder().drainDelay(Duration.ZERO).build()).ticker(() -> now);
        for (int m = 0; m < 5; m++) {
            idle.monitor(new IdleMonitor("idle-" + m));
        }
        idleRunner = idle.build();
        idleRunner.start();
        idleFeed = idleRunner.outcomeListener();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (runner.droppedOutcomes() > 0) {
            throw new IllegalStateException(runner.droppedOutcomes() + " outcomes were dropped: the runner figure would be wrong");
        }
        runner.close();
        idleRunner.close();
    }

    /** Starts a monitor on a context that drops its signals: only the recording work is measured. */
    private HealthMonitor started(HealthMonitor monitor) {
        Ticker ticker = () -> now;
        monitor.start(new MonitorContext() {
            @Override
            public void emit(HealthSignal signal) {
            }

            @Override
            public void withdraw(String tool, String reason) {
            }

            @Override
            public void post(Runnable task) {
                task.run();
            }

            @Override
            public Ticker ticker() {
                return ticker;
            }

            @Override
            public InstantSource clock() {
                return InstantSource.system();
            }
        });
        return monitor;
    }

    private int advance() {
        now += ONE_MS;
        int i = next;
        next = (i + 1) & (OBSERVATIONS - 1);
        return i;
    }

    @Benchmark
    public void baseline() {
        int i = advance();
        noop.onOutcome(tools[i], outcomes[i], latencies[i], now);
    }

    @Benchmark
    public void breaker() {
        int i = advance();
        breakerMonitor.onOutcome(tools[i], outcomes[i], latencies[i], now);
    }

    @Benchmark
    public void outlier() {
        int i = advance();
        outlierMonitor.onOutcome(tools[i], outcomes[i], latencies[i], now);
    }

    @Benchmark
    public void latency() {
        int i = advance();
        latencyMonitor.onOutcome(tools[i], outcomes[i], latencies[i], now);
    }

    @Benchmark
    public void probe() {
        int i = advance();
        probeMonitor.onOutcome(tools[i], outcomes[i], latencies[i], now);
    }

    @Benchmark
    public void risk() {
        int i = advance();
        riskMonitor.onOutcome(tools[i], outcomes[i], latencies[i], now);
    }

    @Benchmark
    public void allMonitors() {
        int i = advance();
        for (HealthMonitor m : all) {
            m.onOutcome(tools[i], outcomes[i], latencies[i], now);
        }
    }

    @Benchmark
    public void runner() {
        int i = advance();
        feed.onOutcome(tools[i], outcomes[i], latencies[i], now);
        if (++sinceDrain == DRAIN_EVERY) {
            sinceDrain = 0;
            lanes.runAll();
        }
    }

    @Benchmark
    public void runnerWithIdleMonitors() {
        int i = advance();
        idleFeed.onOutcome(tools[i], outcomes[i], latencies[i], now);
        if (++sinceDrain == DRAIN_EVERY) {
            sinceDrain = 0;
            idleLanes.runAll();
        }
    }

    /** A monitor that ignores everything: measures the runner's own cost. */
    private record IdleMonitor(String name) implements HealthMonitor {
        @Override
        public void start(MonitorContext context) {
        }
    }

    /**
     * Collects the lanes' drain tasks and runs them when told, on the benchmark thread. Delayed tasks
     * (the runner's periodic evaluation) are dropped: they do not happen per call.
     */
    private static final class InlineScheduler implements Scheduler {
        private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            ready.add(task);
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            return () -> { };
        }

        void runAll() {
            Runnable task;
            while ((task = ready.poll()) != null) {
                task.run();
            }
        }
    }
}
