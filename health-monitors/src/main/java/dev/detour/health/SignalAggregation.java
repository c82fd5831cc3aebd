package dev.detour.health;

import dev.detour.router.health.ToolHealth;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregation rule: which of the signals about one tool decides its health. Pure and
 * deterministic; {@link HealthBoard} applies it.
 *
 * <ol>
 *   <li><b>Highest priority wins.</b> Each monitor signals at its configured priority (defaults: risk
 *       400, probe 300, breaker 200, outlier 150, latency 100), whatever the statuses are — so a
 *       high-priority explicit {@code HEALTHY} (an operator override) beats a lower-priority {@code
 *       UNAVAILABLE}.</li>
 *   <li><b>Ties on priority go to the more severe status</b>: UNAVAILABLE over DEGRADED, a larger
 *       penalty over a smaller one, DEGRADED over HEALTHY. When in doubt, route around.</li>
 *   <li><b>Remaining ties go to the monitor whose name sorts first</b>, so the outcome (and the reason
 *       shown) does not depend on arrival order.</li>
 *   <li><b>A withdrawn signal no longer exists</b>: the decision is recomputed from the signals left.
 *       With none left the tool is HEALTHY — health is runtime state and defaults to up.</li>
 * </ol>
 *
 * <p>The health applied to the view is the winner's status with the reason prefixed by the monitor's
 * name ({@code "breaker: circuit open …"}).
 */
public final class SignalAggregation {

    /** Orders opinions from least to most decisive. */
    public static final Comparator<Opinion> PRECEDENCE = Comparator
            .comparingInt((Opinion o) -> o.signal().priority())
            .thenComparing((a, b) -> ToolHealth.compareSeverity(a.signal().status(), b.signal().status()))
            .thenComparing(Opinion::monitor, Comparator.reverseOrder());

    private SignalAggregation() {
    }

    /**
     * One monitor's current signal about a tool.
     *
     * @param monitor the monitor's name
     * @param signal  its verdict
     */
    public record Opinion(String monitor, HealthSignal signal) {
        public Opinion {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(signal, "signal");
        }
    }

    /** The deciding opinion among {@code opinions} (all about one tool), empty when there are none. */
    public static Optional<Opinion> winner(Collection<Opinion> opinions) {
        return opinions.stream().max(PRECEDENCE);
    }

    /** The health a tool gets from its deciding opinion; HEALTHY when there is none. */
    public static ToolHealth applied(Optional<Opinion> winner) {
        if (winner.isEmpty()) {
            return ToolHealth.healthy();
        }
        Opinion o = winner.get();
        String reason = o.monitor() + ": " + o.signal().reason();
        return switch (o.signal().status()) {
            case ToolHealth.Healthy h -> h;
            case ToolHealth.Degraded d -> ToolHealth.degraded(d.penalty(), reason);
            case ToolHealth.Unavailable ignored -> ToolHealth.unavailable(reason);
        };
    }
}
