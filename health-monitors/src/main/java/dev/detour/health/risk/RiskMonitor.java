package dev.detour.health.risk;

import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.router.health.ToolHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Risk signals from outside the data path: an operator, a policy file or another system flags a tool
 * ("vendor incident", "data-residency block") as UNAVAILABLE, DEGRADED, or — as an override — HEALTHY.
 *
 * <p>Flags hold until cleared; they are runtime state like all health and are not persisted (the
 * policy file is the durable form: {@link #apply(RiskPolicy)} on start-up and on every change).
 * Priority 400 by default: an operator's decision beats every automatic monitor.
 *
 * <p>Thread-safe: {@link #flag}, {@link #clear} and {@link #apply} may be called from any thread.
 */
public final class RiskMonitor implements HealthMonitor {

    /** The monitor's name in signals and events. */
    public static final String NAME = "risk";

    /** 400: the highest built-in priority; operators overrule statistics. */
    public static final int DEFAULT_PRIORITY = 400;

    private final int priority;
    private final Map<String, RiskPolicy.Flag> flags = new LinkedHashMap<>();
    private MonitorContext context;

    /** A risk monitor at {@link #DEFAULT_PRIORITY}. */
    public RiskMonitor() {
        this(DEFAULT_PRIORITY);
    }

    /** A risk monitor whose signals carry {@code priority}. */
    public RiskMonitor(int priority) {
        this.priority = priority;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void start(MonitorContext context) {
        this.context = context;
        flags.forEach(this::publish);
    }

    /**
     * Flags {@code tool}, replacing any earlier flag on it. A new flag in the same state as the old one
     * keeps the old reason in the health view (a reworded flag does not re-route anything).
     *
     * @param status UNAVAILABLE, DEGRADED (finite penalty) or HEALTHY (override)
     * @param reason why; required
     */
    public synchronized void flag(String tool, ToolHealth status, String reason) {
        Objects.requireNonNull(tool, "tool");
        RiskPolicy.Flag flag = new RiskPolicy.Flag(status, reason);
        flags.put(tool, flag);
        publish(tool, flag);
    }

    /** Removes the flag on {@code tool}; a no-op when there is none. */
    public synchronized void clear(String tool) {
        if (flags.remove(tool) != null && context != null) {
            context.withdraw(tool, "risk flag cleared");
        }
    }

    /** Makes the flags exactly those of {@code policy}: new ones set, changed ones replaced, absent ones cleared. */
    public synchronized void apply(RiskPolicy policy) {
        for (String tool : List.copyOf(flags.keySet())) {
            if (!policy.flags().containsKey(tool)) {
                clear(tool);
            }
        }
        policy.flags().forEach((tool, flag) -> flag(tool, flag.status(), flag.reason()));
    }

    /** The current flags. */
    public synchronized Map<String, RiskPolicy.Flag> flags() {
        return Map.copyOf(flags);
    }

    private void publish(String tool, RiskPolicy.Flag flag) {
        if (context != null) {
            context.emit(new HealthSignal(tool, flag.status(), priority, flag.reason(), context.clock().instant()));
        }
    }
}
