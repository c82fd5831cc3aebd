package dev.detour.server.observe;

import dev.detour.router.health.EdgeWeights;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Gauges over the shared {@link HealthView} for the tools the current config routes to: each tool's
 * state (1 for the current one, 0 for the others) and the factor its edges' base cost is multiplied
 * by. Read at scrape time, so they cost nothing on the routing path. Thread-safe.
 */
public final class HealthMetrics {

    private final MeterRegistry registry;
    private final HealthView health;
    private final Map<String, List<Meter>> byTool = new LinkedHashMap<>();

    public HealthMetrics(MeterRegistry registry, HealthView health) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.health = Objects.requireNonNull(health, "health");
    }

    /**
     * Shows exactly {@code tools} from now on: gauges of tools no longer routed to are removed (a
     * reloaded config dropped them), new tools get theirs.
     */
    public synchronized void track(Set<String> tools) {
        for (Iterator<Map.Entry<String, List<Meter>>> it = byTool.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, List<Meter>> tracked = it.next();
            if (!tools.contains(tracked.getKey())) {
                tracked.getValue().forEach(registry::remove);
                it.remove();
            }
        }
        for (String tool : tools) {
            byTool.computeIfAbsent(tool, this::register);
        }
    }

    private List<Meter> register(String tool) {
        List<Meter> meters = new ArrayList<>();
        for (ToolState state : ToolState.values()) {
            meters.add(Gauge.builder(MetricNames.TOOL_HEALTH, () -> ToolState.of(health.health(tool)) == state ? 1 : 0)
                    .description("1 for the tool's current health state, 0 for the others")
                    .tags("tool", tool, "state", state.name())
                    .strongReference(true)
                    .register(registry));
        }
        meters.add(Gauge.builder(MetricNames.WEIGHT_MULTIPLIER, () -> multiplier(health.health(tool)))
                .description("What the tool's edges' base cost is multiplied by: 1 healthy, the penalty degraded, +Inf unavailable")
                .tags("tool", tool)
                .strongReference(true)
                .register(registry));
        return meters;
    }

    private static double multiplier(ToolHealth health) {
        return EdgeWeights.effective(1.0, health);
    }
}
