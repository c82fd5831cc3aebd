package dev.detour.server.observe;

import dev.detour.router.health.ToolHealth;

/** The three states of {@link ToolHealth}, as metrics and the admin API name them. */
enum ToolState {
    HEALTHY,
    DEGRADED,
    UNAVAILABLE;

    static ToolState of(ToolHealth health) {
        return switch (health) {
            case ToolHealth.Healthy ignored -> HEALTHY;
            case ToolHealth.Degraded ignored -> DEGRADED;
            case ToolHealth.Unavailable ignored -> UNAVAILABLE;
        };
    }
}
