package dev.detour.health.probe;

import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.health.OutcomeKind;
import dev.detour.router.exec.ToolOutcome;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Probes tools on an interval and takes out those that stop answering.
 *
 * <p>{@link ProbeConfig#failureThreshold()} consecutive failed probes ⇒ UNAVAILABLE; then {@link
 * ProbeConfig#successThreshold()} consecutive successes ⇒ reinstated (signal withdrawn). Probing goes
 * on while a tool is out, which is what brings it back.
 *
 * <p>Against flapping a slow-but-healthy tool offline (a known pain in MCP gateways): the probe has
 * its own timeout, separate from call timeouts; one failure is never enough; a probe never overlaps the
 * previous one of the same tool (a slow tool is not piled on); and a successful real call resets the
 * failure streak, because a tool that is serving calls is alive whatever its ping says.
 *
 * <p>Timeouts are enforced on the runner's ticker in {@link #evaluate}, so tests drive them with a fake
 * clock; a late answer counts as a failure. Probe answers are brought back to the monitor's lane with
 * {@link MonitorContext#post}.
 *
 * <p>Not thread-safe; the {@link dev.detour.health.MonitorRunner} confines it to its lane.
 */
public final class ProbeMonitor implements HealthMonitor {

    /** The monitor's name in signals and events. */
    public static final String NAME = "probe";

    private final ProbeConfig config;
    private final Prober prober;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private MonitorContext context;

    /**
     * @param config timing and thresholds
     * @param prober how to check a tool
     * @param tools  the tools to probe
     */
    public ProbeMonitor(ProbeConfig config, Prober prober, Collection<String> tools) {
        this.config = Objects.requireNonNull(config, "config");
        this.prober = Objects.requireNonNull(prober, "prober");
        for (String tool : tools) {
            targets.put(Objects.requireNonNull(tool, "tool"), new Target());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(MonitorContext context) {
        this.context = context;
        long now = context.ticker().nanos();
        targets.values().forEach(t -> t.nextProbeAt = now);
    }

    @Override
    public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        Target t = targets.get(tool);
        if (t != null && !t.down && OutcomeKind.of(outcome) == OutcomeKind.SUCCESS) {
            t.failures = 0;
        }
    }

    @Override
    public void evaluate(long nowNanos) {
        long timeout = config.timeout().toNanos();
        targets.forEach((tool, t) -> {
            if (t.inFlight && nowNanos - t.startedAt >= timeout) {
                t.inFlight = false;
                t.generation++;
                failed(tool, t, "no answer within the " + config.timeout().toMillis() + " ms probe timeout");
            }
            if (!t.inFlight && nowNanos - t.nextProbeAt >= 0) {
                launch(tool, t, nowNanos);
            }
        });
    }

    /** True while probes have taken {@code tool} out. */
    public boolean down(String tool) {
        Target t = targets.get(tool);
        return t != null && t.down;
    }

    private void launch(String tool, Target t, long now) {
        t.inFlight = true;
        t.startedAt = now;
        t.nextProbeAt = now + config.interval().toNanos();
        long generation = ++t.generation;
        CompletionStage<ProbeResult> stage;
        try {
            stage = Objects.requireNonNull(prober.probe(tool, config.timeout()), "the prober returned no stage");
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, failure) -> context.post(() -> answered(tool, generation, result, failure)));
    }

    private void answered(String tool, long generation, ProbeResult result, Throwable failure) {
        Target t = Objects.requireNonNull(targets.get(tool), tool); // every probed tool has its target from the start
        if (!t.inFlight || t.generation != generation) {
            return;
        }
        t.inFlight = false;
        long took = context.ticker().nanos() - t.startedAt;
        if (took > config.timeout().toNanos()) {
            failed(tool, t, "answered after " + took / 1_000_000 + " ms, over the " + config.timeout().toMillis() + " ms probe timeout");
        } else if (failure != null) {
            failed(tool, t, "probe failed: " + failure);
        } else if (result == null || !result.up()) {
            failed(tool, t, "probe says down: " + (result == null ? "no result" : result.detail()));
        } else {
            t.failures = 0;
            if (t.down && ++t.successes >= config.successThreshold()) {
                t.down = false;
                t.successes = 0;
                context.withdraw(tool, "reinstated after " + config.successThreshold() + " consecutive successful probes");
            }
        }
    }

    private void failed(String tool, Target t, String why) {
        t.successes = 0;
        t.failures++;
        if (!t.down && t.failures >= config.failureThreshold()) {
            t.down = true;
            context.emit(HealthSignal.unavailable(tool, config.priority(),
                    t.failures + " consecutive probe failures; last: " + why, context.clock().instant()));
        }
    }

    private static final class Target {
        long nextProbeAt;
        long startedAt;
        long generation;
        boolean inFlight;
        boolean down;
        int failures;
        int successes;
    }
}
