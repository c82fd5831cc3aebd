package dev.detour.graphs.trace;

import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Route events as one line of text each, in two registers of one vocabulary.
 *
 * <ul>
 *   <li>{@link #journal} — every event, for people reading a log: a ten-column verb (upper case for
 *       what healing did or could not avoid, {@code ok} for a step that answered), then the facts,
 *       then in brackets why it happened. Scenario traces, the demo's journal and logs use it:
 *       <pre>{@code
 * ok        search_b (search@b) in 80 ms
 * FAILED    search_a (search@a): TRANSIENT - HTTP 503
 * REROUTED  after search_a, from start: start -> search_b -> done  [cause TRANSIENT, no LLM]
 * DEMOTED   report => sources  [decided by LADDER, no LLM]
 * ESCALATED no route to goal 'done'  [NO_ROUTE, action ESCALATE]
 * COMPLETED done via start -> search_b -> done
 * }</pre>
 *   <li>{@link #progress} — what an agent waiting on the call is told while it runs, shorter and
 *       keyed by the tool it knows of: {@code search@a failed: TRANSIENT}. The end of the call
 *       (completion or escalation) has no progress line: the result itself says how it ended.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class RouteLines {

    private RouteLines() {
    }

    /** The journal line of {@code event}. */
    public static String journal(RouteEvent event) {
        return switch (event) {
            case StepSucceeded s -> "ok        " + s.step() + " (" + s.tool() + ") in " + millis(s.latency()) + " ms";
            case StepFailed f -> "FAILED    " + f.step() + " (" + f.tool() + "): " + f.error().category() + " - " + f.error().message();
            case Rerouted r -> "REROUTED  after " + r.failedStep() + ", from " + r.from() + ": " + path(r.newPath())
                    + "  [cause " + r.cause() + ", no LLM]";
            case Demoted d -> "DEMOTED   " + d.fromGoal() + " => " + d.toGoal() + "  [decided by " + d.decidedBy()
                    + (d.decidedBy() == Demoted.DecidedBy.LADDER ? ", no LLM]" : "]");
            case Escalated e -> "ESCALATED " + e.reason() + "  [" + e.error().category() + ", action " + e.error().action() + "]";
            case Completed c -> "COMPLETED " + c.goal() + (c.goal().equals(c.requestedGoal()) ? "" : " (asked for " + c.requestedGoal() + ")")
                    + " via " + path(c.trail());
        };
    }

    /** The journal lines of {@code events}, in order. */
    public static List<String> journal(List<RouteEvent> events) {
        return events.stream().map(RouteLines::journal).toList();
    }

    /** The progress line of {@code event}; empty for the events that end a call. */
    public static Optional<String> progress(RouteEvent event) {
        return Optional.ofNullable(switch (event) {
            case StepSucceeded s -> s.tool() + " answered (" + millis(s.latency()) + " ms)";
            case StepFailed f -> f.tool() + " failed: " + f.error().category();
            case Rerouted r -> "rerouted from '" + r.from() + "': " + path(r.newPath());
            case Demoted d -> "goal '" + d.fromGoal() + "' demoted to '" + d.toGoal() + "'";
            case Escalated e -> null;
            case Completed c -> null;
        });
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    private static String path(List<String> vertices) {
        return String.join(" -> ", vertices);
    }
}
