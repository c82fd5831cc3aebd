package dev.detour.graphs.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words every route event is told in: one journal line each, and what an agent hears while it waits. */
class RouteLinesTest {

    static final ToolError OUTAGE = ToolError.of(ErrorCategory.TRANSIENT, "HTTP 503", SideEffects.NONE);
    static final ToolError NO_ROUTE = new ToolError(ErrorCategory.NO_ROUTE, RecoveryAction.ESCALATE, "no route to goal 'done'", null,
            SideEffects.NONE, List.of(), "t", null);

    final List<RouteEvent> healed = List.of(
            new StepFailed("t", Instant.EPOCH, "search_a", "search@a", OUTAGE, Duration.ofMillis(12)),
            new Rerouted("t", Instant.EPOCH, "search_a", "start", List.of("start", "search_b", "done"), ErrorCategory.TRANSIENT),
            new StepSucceeded("t", Instant.EPOCH, "search_b", "search@b", Duration.ofMillis(80)),
            new Completed("t", Instant.EPOCH, "done", "done", List.of("start", "search_b", "done"), Duration.ofMillis(95)));

    @Test
    void theJournalTellsEveryEventWithItsCause() {
        assertThat(RouteLines.journal(healed)).containsExactly(
                "FAILED    search_a (search@a): TRANSIENT - HTTP 503",
                "REROUTED  after search_a, from start: start -> search_b -> done  [cause TRANSIENT, no LLM]",
                "ok        search_b (search@b) in 80 ms",
                "COMPLETED done via start -> search_b -> done");
    }

    @Test
    void theJournalSaysWhoChoseALesserGoalAndWhatAnEscalationHandsBack() {
        assertThat(RouteLines.journal(new Demoted("t", Instant.EPOCH, "summarise", "report", "sources", Demoted.DecidedBy.LADDER)))
                .isEqualTo("DEMOTED   report => sources  [decided by LADDER, no LLM]");
        assertThat(RouteLines.journal(new Demoted("t", Instant.EPOCH, "summarise", "report", "sources", Demoted.DecidedBy.POLICY)))
                .isEqualTo("DEMOTED   report => sources  [decided by POLICY]");
        assertThat(RouteLines.journal(new Escalated("t", Instant.EPOCH, "search_b", "done", "no route to goal 'done'", NO_ROUTE)))
                .isEqualTo("ESCALATED no route to goal 'done'  [NO_ROUTE, action ESCALATE]");
        assertThat(RouteLines.journal(new Completed("t", Instant.EPOCH, "sources", "report", List.of("topic", "sources"), Duration.ZERO)))
                .isEqualTo("COMPLETED sources (asked for report) via topic -> sources");
    }

    @Test
    void anAgentHearsStepsReroutesAndDemotionsButNotTheEndItIsAboutToReceive() {
        assertThat(healed.stream().flatMap(e -> RouteLines.progress(e).stream())).containsExactly(
                "search@a failed: TRANSIENT",
                "rerouted from 'start': start -> search_b -> done",
                "search@b answered (80 ms)");
        assertThat(RouteLines.progress(new Demoted("t", Instant.EPOCH, null, "report", "sources", Demoted.DecidedBy.LADDER)))
                .hasValue("goal 'report' demoted to 'sources'");
        assertThat(RouteLines.progress(new Escalated("t", Instant.EPOCH, null, "done", "no route", NO_ROUTE))).isEmpty();
    }
}
