package dev.detour.health.latency;

import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.health.internal.LatencyWindow;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.exec.ToolOutcome;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a tool that breaks its latency SLO costlier, never impossible: DEGRADED with a finite penalty.
 *
 * <p>Per tool, the configured quantile of the latencies in the sliding window is compared on every
 * {@link #evaluate} with the tool's SLO. Above it, the penalty is the ratio quantile ÷ SLO rounded up
 * to a power of two (2, 4, 8, …, capped at {@link LatencySloConfig#maxPenalty()}): proportional to how
 * far the tool is off, yet stable while the ratio wobbles, so the view's epoch is not bumped on every
 * evaluation. The penalty is lifted (signal withdrawn) when the quantile falls below SLO × {@link
 * LatencySloConfig#recoveryRatio()}, or when the window has too few samples left to judge — a
 * penalised tool that routing now avoids gets no traffic, and without that rule would never be
 * measured again.
 *
 * <p>Latency samples are successes and TIMEOUT failures (a timeout is a latency verdict); other
 * failures come back at arbitrary speed and are the breaker's business.
 *
 * <p>Not thread-safe; the {@link dev.detour.health.MonitorRunner} confines it to its lane.
 */
public final class LatencySloMonitor implements HealthMonitor {

    /** The monitor's name in signals and events. */
    public static final String NAME = "latency";

    private final LatencySloConfig config;
    private final Map<String, Tracked> tools = new HashMap<>();
    private MonitorContext context;

    public LatencySloMonitor(LatencySloConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(MonitorContext context) {
        this.context = context;
    }

    @Override
    public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        boolean sample = switch (outcome) {
            case ToolOutcome.Success ignored -> true;
            case ToolOutcome.Failure f -> f.error().category() == ErrorCategory.TIMEOUT;
        };
        if (sample) {
            tools.computeIfAbsent(tool, t -> new Tracked(new LatencyWindow(config.window().toNanos(), config.subIntervals(),
                    config.relativeAccuracy()))).window.record(latencyNanos, atNanos);
        }
    }

    @Override
    public void evaluate(long nowNanos) {
        tools.forEach((tool, t) -> judge(tool, t, nowNanos));
    }

    /** The current penalty of {@code tool}, 1.0 when it is within its SLO. */
    public double penalty(String tool) {
        Tracked t = tools.get(tool);
        return t == null || t.penalty == 0 ? 1.0 : t.penalty;
    }

    private void judge(String tool, Tracked t, long now) {
        double q = t.window.quantile(config.quantile(), now, config.minimumSamples());
        long slo = config.slo(tool).toNanos();
        if (Double.isNaN(q)) {
            if (t.penalty != 0) {
                t.penalty = 0;
                context.withdraw(tool, "too few recent samples to judge; penalty lifted so the tool is measured again");
            }
            return;
        }
        if (q > slo) {
            double target = penaltyFor(q / slo);
            if (target != t.penalty) {
                t.penalty = target;
                context.emit(HealthSignal.degraded(tool, target, config.priority(), String.format(Locale.ROOT,
                        "p%s %.0f ms over the %d ms SLO in the last %d s", label(), q / 1e6, slo / 1_000_000, config.window().toSeconds()),
                        context.clock().instant()));
            }
        } else if (t.penalty != 0 && q <= slo * config.recoveryRatio()) {
            t.penalty = 0;
            context.withdraw(tool, String.format(Locale.ROOT, "p%s %.0f ms back within the %d ms SLO", label(), q / 1e6, slo / 1_000_000));
        }
    }

    private double penaltyFor(double ratio) {
        double p = 2;
        while (p < ratio && p < config.maxPenalty()) {
            p *= 2;
        }
        return Math.max(1, Math.min(p, config.maxPenalty()));
    }

    private String label() {
        return new java.math.BigDecimal(Double.toString(config.quantile() * 100)).stripTrailingZeros().toPlainString();
    }

    private static final class Tracked {
        final LatencyWindow window;
        double penalty;

        Tracked(LatencyWindow window) {
            this.window = window;
        }
    }
}
