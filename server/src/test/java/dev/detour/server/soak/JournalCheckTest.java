package dev.detour.server.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalCheckTest {

    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
    private static final ToolError DOWN = ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "down", SideEffects.NONE);

    private static StepFailed failed(String trace, String step) {
        return new StepFailed(trace, AT, step, "tool@" + step, DOWN, Duration.ZERO);
    }

    private static Rerouted rerouted(String trace, String step) {
        return new Rerouted(trace, AT, step, "start", List.of("start", "b", "done"), ErrorCategory.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void aFailureResolvedOnceByARerouteADemotionOrAnEscalationPasses() {
        List<RouteEvent> events = List.of(failed("t1", "a"), rerouted("t1", "a"), failed("t2", "a"),
                new Demoted("t2", AT, "a", "report", "sources", Demoted.DecidedBy.LADDER), failed("t3", "a"),
                new Escalated("t3", AT, "a", "done", "no route", DOWN));

        JournalCheck check = JournalCheck.of(events);

        assertThat(check.passed()).isTrue();
        assertThat(check.failures()).isEqualTo(3);
        assertThat(check.resolved()).isEqualTo(3);
    }

    @Test
    void aFailureNeverResolvedIsAProblem() {
        JournalCheck check = JournalCheck.of(List.of(failed("t1", "a"), failed("t2", "a"), rerouted("t2", "a")));

        assertThat(check.passed()).isFalse();
        assertThat(check.problems()).singleElement().asString().contains("t1").contains("never rerouted");
    }

    @Test
    void aFailureResolvedTwiceIsAProblem() {
        JournalCheck check = JournalCheck.of(List.of(failed("t1", "a"), rerouted("t1", "a"), rerouted("t1", "a")));

        assertThat(check.problemCount()).isEqualTo(1);
        assertThat(check.problems()).singleElement().asString().contains("resolved twice");
    }

    @Test
    void aResolutionWhoseFailureFellOffTheJournalIsNotJudged() {
        JournalCheck check = JournalCheck.of(List.of(rerouted("t0", "a"), failed("t1", "a"), rerouted("t1", "a")));

        assertThat(check.passed()).isTrue();
        assertThat(check.failures()).isEqualTo(1);
    }

    @Test
    void failuresAreCountedByCategoryAndMessageWithDigitsFolded() {
        StepFailed port1 = new StepFailed("t1", AT, "a", "x", ToolError.of(ErrorCategory.TRANSIENT, "POST :8080 failed", SideEffects.NONE),
                Duration.ZERO);
        StepFailed port2 = new StepFailed("t2", AT, "a", "x", ToolError.of(ErrorCategory.TRANSIENT, "POST :9090 failed", SideEffects.NONE),
                Duration.ZERO);

        JournalCheck check = JournalCheck.of(List.of(port1, rerouted("t1", "a"), port2, rerouted("t2", "a")));

        assertThat(check.causes()).containsExactly(Map.entry("TRANSIENT POST :# failed", 2L));
    }
}
