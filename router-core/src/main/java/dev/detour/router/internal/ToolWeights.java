package dev.detour.router.internal;

import dev.detour.router.health.ToolHealth;

/** Supplies the health of a graph-local tool index during one route computation. */
@FunctionalInterface
public interface ToolWeights {

    /** Every tool healthy. */
    ToolWeights ALL_HEALTHY = tool -> ToolHealth.healthy();

    ToolHealth health(int tool);
}
