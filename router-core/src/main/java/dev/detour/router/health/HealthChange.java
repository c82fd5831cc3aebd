package dev.detour.router.health;

import java.time.Instant;

/**
 * One change of a tool's health in a {@link HealthView}.
 *
 * @param tool   the tool
 * @param from   the previous state
 * @param to     the new state
 * @param epoch  the view's epoch after the change
 * @param at     when it was applied
 */
public record HealthChange(String tool, ToolHealth from, ToolHealth to, long epoch, Instant at) {

    /** True when the tool became costlier (or unusable). */
    public boolean worsened() {
        return ToolHealth.compareSeverity(to, from) > 0;
    }
}
