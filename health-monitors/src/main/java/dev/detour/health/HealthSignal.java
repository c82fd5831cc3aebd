package dev.detour.health;

import dev.detour.router.health.ToolHealth;
import java.time.Instant;
import java.util.Objects;

/**
 * One monitor's verdict on one tool.
 *
 * <p>{@code status} carries the state and, when degraded, the penalty factor; its own reason is
 * replaced by {@code reason} so the two can never disagree. A monitor that has nothing to say about a
 * tool does not send a {@code HEALTHY} signal, it {@linkplain MonitorContext#withdraw withdraws}: an
 * explicit healthy signal is an override that beats every lower-priority verdict (see {@link
 * SignalAggregation}).
 *
 * @param tool       the tool the verdict is about
 * @param status     healthy, degraded (finite penalty) or unavailable
 * @param priority   precedence among monitors: the highest-priority signal for a tool wins
 * @param reason     one human-readable sentence saying why
 * @param observedAt when the monitor reached the verdict
 */
public record HealthSignal(String tool, ToolHealth status, int priority, String reason, Instant observedAt) {

    public HealthSignal {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(observedAt, "observedAt");
        status = withReason(status, reason);
    }

    /** The tool is out of routing (edge weight +∞). */
    public static HealthSignal unavailable(String tool, int priority, String reason, Instant at) {
        return new HealthSignal(tool, ToolHealth.unavailable(reason), priority, reason, at);
    }

    /** The tool stays routable at {@code penalty} × its base cost (finite, ≥ 1). */
    public static HealthSignal degraded(String tool, double penalty, int priority, String reason, Instant at) {
        return new HealthSignal(tool, ToolHealth.degraded(penalty, reason), priority, reason, at);
    }

    /** An explicit override: the tool is healthy whatever lower-priority monitors say. */
    public static HealthSignal healthy(String tool, int priority, String reason, Instant at) {
        return new HealthSignal(tool, ToolHealth.healthy(), priority, reason, at);
    }

    /**
     * True when two health values route the same way: same state and, for degraded, same penalty.
     * Reasons are ignored, so a monitor re-stating its verdict in new words changes nothing.
     */
    public static boolean sameState(ToolHealth a, ToolHealth b) {
        return switch (a) {
            case ToolHealth.Healthy ignored -> b instanceof ToolHealth.Healthy;
            case ToolHealth.Unavailable ignored -> b instanceof ToolHealth.Unavailable;
            case ToolHealth.Degraded d -> b instanceof ToolHealth.Degraded e && Double.compare(d.penalty(), e.penalty()) == 0;
        };
    }

    private static ToolHealth withReason(ToolHealth status, String reason) {
        return switch (status) {
            case ToolHealth.Healthy h -> h;
            case ToolHealth.Degraded d -> d.reason().equals(reason) ? d : ToolHealth.degraded(d.penalty(), reason);
            case ToolHealth.Unavailable u -> u.reason().equals(reason) ? u : ToolHealth.unavailable(reason);
        };
    }
}
