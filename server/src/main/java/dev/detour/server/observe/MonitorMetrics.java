package dev.detour.server.observe;

import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorEvent.MonitorFailed;
import dev.detour.health.MonitorListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Objects;

/**
 * Health-monitor runner events as a counter by monitor and kind (a monitor threw, stalled, or was
 * overloaded and dropped outcomes). Health transitions are not counted here: the health gauges show
 * them. Thread-safe.
 */
public final class MonitorMetrics implements MonitorListener {

    private final MeterRegistry registry;

    public MonitorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Registers the counters of {@code monitors} at zero, so a rate over them reads 0 rather than "no
     * data" until something goes wrong.
     */
    public void watch(Collection<String> monitors) {
        for (String monitor : monitors) {
            for (MonitorFailed.Kind kind : MonitorFailed.Kind.values()) {
                counter(monitor, kind);
            }
        }
    }

    @Override
    public void onEvent(MonitorEvent event) {
        switch (event) {
            case MonitorFailed f -> counter(f.monitor(), f.kind()).increment();
            case MonitorEvent.HealthTransition ignored -> {
                // shown by the health gauges
            }
            case MonitorEvent.SignalChanged ignored -> {
                // one monitor's verdict; the decision is the health transition
            }
        }
    }

    private Counter counter(String monitor, MonitorFailed.Kind kind) {
        return Counter.builder(MetricNames.MONITOR_EVENTS).description("Health-monitor runner events: a monitor threw, stalled or was overloaded")
                .tags("monitor", monitor, "kind", kind.name())
                .register(registry);
    }
}
