package dev.detour.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.health.MonitorEvent.MonitorFailed;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.ManualClock;
import dev.detour.router.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MonitorRunnerTest {

    /** Takes a tool out on its first failure; withdraws on its first success. */
    private static final class FirstFailureMonitor implements HealthMonitor {
        private final String name;
        private MonitorContext context;

        FirstFailureMonitor(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(MonitorContext context) {
            this.context = context;
        }

        @Override
        public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
            if (OutcomeKind.of(outcome) == OutcomeKind.FAILURE) {
                context.emit(HealthSignal.unavailable(tool, 100, "failed once", context.clock().instant()));
            } else {
                context.withdraw(tool, "answered");
            }
        }
    }

    /** Throws on every outcome. */
    private static final class ThrowingMonitor implements HealthMonitor {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public void start(MonitorContext context) {
        }

        @Override
        public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
            throw new IllegalStateException("monitor bug on " + tool);
        }

        @Override
        public void evaluate(long nowNanos) {
            throw new IllegalStateException("evaluation bug");
        }
    }

    /** Blocks in its first call until released. */
    private static final class BlockingMonitor implements HealthMonitor {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public void start(MonitorContext context) {
        }

        @Override
        public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs tasks on real virtual threads but keeps delayed tasks (the runner's tick) on the manual clock. */
    private static Scheduler virtualThreadsWithManualTime(ManualClock manual) {
        return new Scheduler() {
            @Override
            public void execute(Runnable task) {
                Thread.ofVirtual().start(task);
            }

            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                return manual.schedule(task, delay);
            }
        };
    }

    @Test
    void aThrowingMonitorIsReportedAndTheOthersStillDecide() {
        try (MonitorHarness h = new MonitorHarness(new ThrowingMonitor(), new FirstFailureMonitor("first"))) {
            h.fail("a", 1);

            assertThat(h.health("a")).isInstanceOf(ToolHealth.Unavailable.class);
            assertThat(h.failures()).singleElement().satisfies(f -> {
                assertThat(f.monitor()).isEqualTo("throwing");
                assertThat(f.kind()).isEqualTo(MonitorFailed.Kind.THREW);
                assertThat(f.tool()).isEqualTo("a");
                assertThat(f.cause()).hasMessage("monitor bug on a");
            });
        }
    }

    @Test
    void aThrowingMonitorKeepsGettingLaterOutcomes() {
        try (MonitorHarness h = new MonitorHarness(new ThrowingMonitor())) {
            h.fail("a", 3);
            h.advance(Duration.ofMillis(100));

            assertThat(h.failures()).hasSize(4);
            assertThat(h.failures().getLast().detail()).contains("evaluation bug");
        }
    }

    @Test
    void aBlockedMonitorNeitherBlocksTheCallerNorTheOtherMonitors() throws InterruptedException {
        ManualClock clock = new ManualClock();
        HealthView view = new HealthView(clock);
        CountDownLatch applied = new CountDownLatch(1);
        view.onChange(change -> applied.countDown());
        BlockingMonitor blocking = new BlockingMonitor();
        try (MonitorRunner runner = MonitorRunner.builder(view).scheduler(virtualThreadsWithManualTime(clock)).ticker(clock).clock(clock)
                .config(MonitorRunnerConfig.builder().drainDelay(Duration.ZERO).build())
                .monitor(blocking).monitor(new FirstFailureMonitor("first")).build()) {
            runner.start();

            runner.outcomeListener().onOutcome("a", MonitorHarness.failure(dev.detour.router.error.ErrorCategory.TIMEOUT), 1, 0);
            runner.outcomeListener().onOutcome("b", MonitorHarness.failure(dev.detour.router.error.ErrorCategory.TIMEOUT), 1, 0);

            assertThat(applied.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(view.health("a")).isInstanceOf(ToolHealth.Unavailable.class);
            blocking.release.countDown();
        }
    }

    @Test
    void aMonitorBusyPastTheStallThresholdIsReported() throws InterruptedException {
        ManualClock clock = new ManualClock();
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        BlockingMonitor blocking = new BlockingMonitor();
        MonitorRunnerConfig config = MonitorRunnerConfig.builder().stallThreshold(Duration.ofSeconds(5)).drainDelay(Duration.ZERO).build();
        try (MonitorRunner runner = MonitorRunner.builder(new HealthView(clock)).scheduler(virtualThreadsWithManualTime(clock))
                .ticker(clock).clock(clock).config(config).monitor(blocking).listener(events::add).build()) {
            runner.start();
            runner.outcomeListener().onOutcome("a", ToolOutcome.success("ok"), 1, 0);
            assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();

            clock.advance(Duration.ofSeconds(4));
            assertThat(events).isEmpty();
            clock.advance(Duration.ofSeconds(2));

            assertThat(events).singleElement().isInstanceOfSatisfying(MonitorFailed.class, f -> {
                assertThat(f.monitor()).isEqualTo("blocking");
                assertThat(f.kind()).isEqualTo(MonitorFailed.Kind.STALLED);
            });
            blocking.release.countDown();
        }
    }

    @Test
    void aFullMailboxDropsOutcomesForThatMonitorOnlyAndReportsIt() {
        ManualClock clock = new ManualClock();
        HealthView view = new HealthView(clock);
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        MonitorRunnerConfig config = MonitorRunnerConfig.builder().mailboxCapacity(2).drainDelay(Duration.ZERO).build();
        try (MonitorRunner runner = MonitorRunner.builder(view).scheduler(clock).ticker(clock).clock(clock).config(config)
                .monitor(new FirstFailureMonitor("first")).listener(events::add).build()) {
            runner.start();
            for (int i = 0; i < 5; i++) {
                runner.outcomeListener().onOutcome("a", ToolOutcome.success("ok"), 1, 0);
            }

            clock.advance(Duration.ofMillis(100));

            assertThat(events).filteredOn(MonitorFailed.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(MonitorFailed.class, f -> {
                        assertThat(f.kind()).isEqualTo(MonitorFailed.Kind.OVERLOADED);
                        assertThat(f.detail()).startsWith("3 outcomes dropped");
                    });
        }
    }

    @Test
    void recordingAnOutcomeRunsNoMonitorCodeOnTheCallersThreadAndMonitorsSeeItWithinTheDrainDelay() {
        ManualClock clock = new ManualClock();
        HealthView view = new HealthView(clock);
        try (MonitorRunner runner = MonitorRunner.builder(view).scheduler(clock).ticker(clock).clock(clock)
                .monitor(new FirstFailureMonitor("first")).build()) {
            runner.start();

            runner.outcomeListener().onOutcome("a", MonitorHarness.failure(dev.detour.router.error.ErrorCategory.INTERNAL), 1, 0);
            clock.runReady();
            assertThat(view.health("a")).isEqualTo(ToolHealth.healthy());

            clock.advance(MonitorRunnerConfig.DEFAULT_DRAIN_DELAY);
            assertThat(view.health("a")).isInstanceOf(ToolHealth.Unavailable.class);
        }
    }

    @Test
    void oneHandOffServesEveryOutcomeRecordedWithinTheDrainDelay() {
        ManualClock clock = new ManualClock();
        List<String> seen = new CopyOnWriteArrayList<>();
        HealthMonitor recording = new HealthMonitor() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void start(MonitorContext context) {
            }

            @Override
            public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
                seen.add(tool);
            }
        };
        try (MonitorRunner runner = MonitorRunner.builder(new HealthView(clock)).scheduler(clock).ticker(clock).clock(clock)
                .monitor(recording).build()) {
            runner.start();
            for (int i = 0; i < 100; i++) {
                runner.outcomeListener().onOutcome("t" + i, ToolOutcome.success("ok"), 1, 0);
            }

            clock.advance(MonitorRunnerConfig.DEFAULT_DRAIN_DELAY);

            assertThat(seen).hasSize(100).startsWith("t0", "t1").endsWith("t99");
        }
    }

    @Test
    void closingWithdrawsEverySignalSoNoToolStaysDown() {
        MonitorHarness h = new MonitorHarness(new FirstFailureMonitor("first"));
        h.fail("a", 1);
        assertThat(h.health("a")).isInstanceOf(ToolHealth.Unavailable.class);

        h.close();

        assertThat(h.health("a")).isEqualTo(ToolHealth.healthy());
        h.fail("a", 1);
        assertThat(h.health("a")).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void outcomesRecordedBeforeStartAreIgnored() {
        ManualClock clock = new ManualClock();
        HealthView view = new HealthView(clock);
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        try (MonitorRunner runner = MonitorRunner.builder(view).scheduler(clock).ticker(clock).clock(clock)
                .monitor(new FirstFailureMonitor("first")).listener(events::add).build()) {
            runner.outcomeListener().onOutcome("a", MonitorHarness.failure(dev.detour.router.error.ErrorCategory.INTERNAL), 1, 0);
            runner.start();
            clock.runReady();

            assertThat(view.health("a")).isEqualTo(ToolHealth.healthy());
            assertThat(events).isEmpty();
        }
    }

    @Test
    void monitorNamesMustBeUnique() {
        assertThatThrownBy(() -> MonitorRunner.builder(new HealthView()).monitor(new FirstFailureMonitor("x")).monitor(new FirstFailureMonitor("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two health monitors are named 'x'");
    }

    @Test
    void aMonitorThatCannotStartFailsTheStartUp() {
        HealthMonitor broken = new HealthMonitor() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void start(MonitorContext context) {
                throw new IllegalArgumentException("bad config");
            }
        };
        ManualClock clock = new ManualClock();
        MonitorRunner runner = MonitorRunner.builder(new HealthView()).scheduler(clock).monitor(broken).build();

        assertThatThrownBy(runner::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("health monitor 'broken' failed to start: bad config");
    }
}
