package dev.detour.router.spi;

import dev.detour.router.exec.ToolOutcome;

/**
 * Observes every tool call's outcome, for health monitors. Same threading rules as {@link
 * RouteListener}: fast, non-blocking, thread-safe; exceptions are logged and ignored.
 */
@FunctionalInterface
public interface OutcomeListener {

    /**
     * @param tool         the tool called
     * @param outcome      what it returned
     * @param latencyNanos how long the call took
     * @param atNanos      when it finished, on the router's ticker
     */
    void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos);
}
