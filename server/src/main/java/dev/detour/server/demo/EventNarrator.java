package dev.detour.server.demo;

import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;

/** Route events (as the route journal keeps them) as one readable line each. */
public final class EventNarrator {

    private EventNarrator() {
    }

    /** One line for one event. */
    public static String describe(RouteEvent event) {
        return switch (event) {
            case StepSucceeded s -> "ok        " + s.step() + " (" + s.tool() + ")";
            case StepFailed f -> "FAILED    " + f.step() + " (" + f.tool() + "): " + f.error().category() + " - " + f.error().message();
            case Rerouted r -> "REROUTED  after " + r.failedStep() + ", from " + r.from() + ": " + String.join(" -> ", r.newPath())
                    + "  [cause " + r.cause() + ", no LLM]";
            case Demoted d -> "DEMOTED   " + d.fromGoal() + " => " + d.toGoal() + "  [decided by " + d.decidedBy()
                    + (d.decidedBy() == Demoted.DecidedBy.LADDER ? ", no LLM]" : "]");
            case Escalated e -> "ESCALATED " + e.reason() + "  [" + e.error().category() + ", action " + e.error().action() + "]";
            case Completed c -> "COMPLETED " + c.goal() + (c.goal().equals(c.requestedGoal()) ? "" : " (asked for " + c.requestedGoal() + ")")
                    + " via " + String.join(" -> ", c.trail());
        };
    }
}
