package dev.detour.health.testing;

import dev.detour.health.HealthMonitor;
import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorRunner;
import dev.detour.health.MonitorRunnerConfig;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Monitors wired exactly as in production — a {@link MonitorRunner} feeding a {@link HealthView} — on a
 * {@link ManualClock}, with helpers to feed outcomes and move time.
 */
public final class MonitorHarness implements AutoCloseable {

    public final ManualClock clock = new ManualClock();
    public final HealthView view = new HealthView(clock);
    public final MonitorRunner runner;
    private final List<MonitorEvent> events = Collections.synchronizedList(new ArrayList<>());

    /**
     * Monitors on the default runner configuration, except that every outcome is handed to the lanes at
     * once ({@code drainDelay} zero), so a test sees the effect of one call without moving time.
     */
    public MonitorHarness(HealthMonitor... monitors) {
        this(MonitorRunnerConfig.builder().drainDelay(Duration.ZERO).build(), monitors);
    }

    public MonitorHarness(MonitorRunnerConfig config, HealthMonitor... monitors) {
        MonitorRunner.Builder b = MonitorRunner.builder(view).scheduler(clock).ticker(clock).clock(clock).config(config)
                .listener(events::add);
        for (HealthMonitor m : monitors) {
            b.monitor(m);
        }
        runner = b.build();
        runner.start();
    }

    public OutcomeListener feed() {
        return runner.outcomeListener();
    }

    /** Feeds one outcome now and lets the monitors handle it. */
    public void record(String tool, ToolOutcome outcome, Duration latency) {
        runner.outcomeListener().onOutcome(tool, outcome, latency.toNanos(), clock.nanos());
        clock.runReady();
    }

    public void succeed(String tool, int times, Duration latency) {
        for (int i = 0; i < times; i++) {
            record(tool, ToolOutcome.success("ok"), latency);
        }
    }

    public void succeed(String tool, int times) {
        succeed(tool, times, Duration.ofMillis(10));
    }

    public void fail(String tool, int times, ErrorCategory category) {
        for (int i = 0; i < times; i++) {
            record(tool, failure(category), Duration.ofMillis(10));
        }
    }

    public void fail(String tool, int times) {
        fail(tool, times, ErrorCategory.UPSTREAM_UNAVAILABLE);
    }

    public static ToolOutcome failure(ErrorCategory category) {
        return ToolOutcome.failure(ToolError.of(category, "scripted " + category, SideEffects.NONE));
    }

    /** Moves time forward, running the runner's evaluations and everything they trigger. */
    public void advance(Duration d) {
        clock.advance(d);
    }

    public ToolHealth health(String tool) {
        return view.health(tool);
    }

    public List<MonitorEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<MonitorEvent.HealthTransition> transitions(String tool) {
        return events().stream().filter(e -> e instanceof MonitorEvent.HealthTransition t && t.tool().equals(tool))
                .map(MonitorEvent.HealthTransition.class::cast).toList();
    }

    public List<MonitorEvent.MonitorFailed> failures() {
        return events().stream().filter(MonitorEvent.MonitorFailed.class::isInstance).map(MonitorEvent.MonitorFailed.class::cast).toList();
    }

    @Override
    public void close() {
        runner.close();
    }
}
