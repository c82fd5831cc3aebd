package dev.detour.health;

import dev.detour.router.health.ToolHealth;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the monitoring machinery reports, for the route journal, logs and metrics. Consumers {@code
 * switch} over the three cases.
 */
public sealed interface MonitorEvent {

    /** When it happened, on the runner's wall clock. */
    Instant at();

    /**
     * One monitor changed its verdict on a tool (a withdrawal is a change to HEALTHY). It may or may not
     * change the tool's health: see {@link HealthTransition}.
     *
     * @param monitor the monitor
     * @param tool    the tool
     * @param from    the monitor's previous verdict (HEALTHY when it had none)
     * @param to      its new verdict (HEALTHY when withdrawn)
     * @param reason  why
     * @param at      when
     */
    record SignalChanged(String monitor, String tool, ToolHealth from, ToolHealth to, String reason, Instant at)
            implements MonitorEvent {
    }

    /**
     * A tool's health in the {@link dev.detour.router.health.HealthView} changed.
     *
     * @param tool    the tool
     * @param from    its previous health
     * @param to      its new health
     * @param reason  why (the deciding monitor's reason)
     * @param monitor the monitor whose signal decided it (for a return to HEALTHY with no signal left,
     *                the monitor that withdrew last)
     * @param at      when
     */
    record HealthTransition(String tool, ToolHealth from, ToolHealth to, String reason, String monitor, Instant at)
            implements MonitorEvent {
    }

    /**
     * A monitor misbehaved. It keeps running (a throwing call is skipped, not retried); the event is
     * how its failure is reported instead of swallowed.
     *
     * @param monitor the monitor
     * @param kind    what went wrong
     * @param tool    the tool being handled, or {@code null}
     * @param detail  one sentence
     * @param cause   the exception, or {@code null}
     * @param at      when it was noticed
     */
    record MonitorFailed(String monitor, Kind kind, @Nullable String tool, String detail, @Nullable Throwable cause, Instant at)
            implements MonitorEvent {

        public MonitorFailed {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        /** What went wrong. */
        public enum Kind {
            /** A call into the monitor threw. */
            THREW,
            /** The monitor has been busy with one batch for longer than the stall threshold. */
            STALLED,
            /** Its mailbox was full, so outcomes were dropped for it (other monitors still got them). */
            OVERLOADED
        }
    }
}
