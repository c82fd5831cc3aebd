package dev.detour.router.health;

/**
 * The one place where health turns into weight.
 *
 * <p>Never {@code base × ∞}: for a zero-cost edge that is NaN, and a NaN weight passes JGraphT's
 * negative-weight check and lets Dijkstra route through the dead tool. An unavailable tool's edge
 * is +∞ whatever its base cost.
 */
public final class EdgeWeights {

    private EdgeWeights() {
    }

    /** The effective weight of an edge of base cost {@code base} into a tool in state {@code health}. */
    public static double effective(double base, ToolHealth health) {
        return switch (health) {
            case ToolHealth.Healthy ignored -> base;
            case ToolHealth.Degraded d -> base * d.penalty();
            case ToolHealth.Unavailable ignored -> Double.POSITIVE_INFINITY;
        };
    }
}
