package dev.detour.router.health;

import java.util.Objects;

/**
 * The health of one tool as routing sees it. Sealed: the effective edge weight is an exhaustive
 * {@code switch} over these three cases ({@link EdgeWeights#effective}).
 */
public sealed interface ToolHealth {

    /** Why the tool is in this state (empty for healthy). */
    String reason();

    /** A healthy tool: its edges weigh their base cost. */
    static ToolHealth healthy() {
        return Healthy.INSTANCE;
    }

    /** A degraded tool: its edges weigh base × {@code penalty}. */
    static ToolHealth degraded(double penalty, String reason) {
        return new Degraded(penalty, reason);
    }

    /** An unavailable tool: its edges weigh +∞, so no route uses it. */
    static ToolHealth unavailable(String reason) {
        return new Unavailable(reason);
    }

    /** Weight factor order: HEALTHY &lt; DEGRADED(smaller penalty) &lt; DEGRADED(larger) &lt; UNAVAILABLE. */
    static int compareSeverity(ToolHealth a, ToolHealth b) {
        return Double.compare(severity(a), severity(b));
    }

    private static double severity(ToolHealth h) {
        return switch (h) {
            case Healthy ignored -> 1.0;
            case Degraded d -> d.penalty();
            case Unavailable ignored -> Double.POSITIVE_INFINITY;
        };
    }

    /** Full weight. */
    enum Healthy implements ToolHealth {
        INSTANCE;

        @Override
        public String reason() {
            return "";
        }

        @Override
        public String toString() {
            return "HEALTHY";
        }
    }

    /**
     * Usable at a price.
     *
     * @param penalty finite factor ≥ 1 applied to the base cost
     * @param reason  why
     */
    record Degraded(double penalty, String reason) implements ToolHealth {
        public Degraded {
            if (!(penalty >= 1.0) || Double.isInfinite(penalty)) {
                throw new IllegalArgumentException("penalty must be finite and >= 1, was " + penalty
                        + " (use unavailable() to take a tool out of routing)");
            }
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "DEGRADED(" + penalty + ")";
        }
    }

    /**
     * Out of routing.
     *
     * @param reason why
     */
    record Unavailable(String reason) implements ToolHealth {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "UNAVAILABLE";
        }
    }
}
