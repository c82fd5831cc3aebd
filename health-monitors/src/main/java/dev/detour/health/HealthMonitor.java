package dev.detour.health;

import dev.detour.router.exec.ToolOutcome;

/**
 * A source of health verdicts: observes call outcomes and/or probes tools, and tells its {@link
 * MonitorContext} when its verdict on a tool changes.
 *
 * <p>Threading: a {@link MonitorRunner} never calls one monitor concurrently. {@link #start}, {@link
 * #onOutcome}, {@link #evaluate} and tasks {@linkplain MonitorContext#post posted} to the context run
 * one at a time on the monitor's own lane (possibly on different threads, with happens-before between
 * them), so a monitor's state needs no locking unless the monitor also exposes methods to other
 * threads. Monitors run off the request path; a slow or throwing monitor delays only itself, and its
 * exceptions are reported as {@link MonitorEvent.MonitorFailed} events.
 *
 * <p>Time comes in as arguments ({@code atNanos}, {@code nowNanos}, on the runner's ticker) and
 * through the context; implementations never read the system clock.
 *
 * <p>Implementations classify outcomes with {@link OutcomeKind#of} and ignore {@link
 * OutcomeKind#IGNORED} ones. The contract kit {@code HealthMonitorContract} (test-jar) checks this.
 */
public interface HealthMonitor {

    /** A short, unique, stable name (used in events, reasons and tie-breaks), e.g. {@code "breaker"}. */
    String name();

    /** Called once, before anything else, with the context the monitor reports through. */
    void start(MonitorContext context);

    /**
     * Observes one finished call. Must be cheap: the runner calls it for every routed call.
     *
     * @param tool         the tool called
     * @param outcome      what it returned
     * @param latencyNanos how long the call took
     * @param atNanos      when it finished, on the runner's ticker
     */
    default void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
    }

    /**
     * Periodic work driven by time rather than by calls: ending an ejection, moving a breaker from
     * open to half-open, starting or timing out probes. Called every {@link
     * MonitorRunnerConfig#evaluationInterval()}.
     *
     * @param nowNanos the runner's ticker now
     */
    default void evaluate(long nowNanos) {
    }
}
