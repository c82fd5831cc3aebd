package dev.detour.router.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Manual time: the one ticker, wall clock and scheduler of tests and simulations. */
class ManualClockTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> ran = new ArrayList<>();

    @Test
    void eventsRunInTimeOrderThenInTheOrderTheyWereScheduled() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clock.schedule(() -> ran.add("late"), Duration.ofMillis(300));
        clock.schedule(() -> ran.add("first at 100"), Duration.ofMillis(100));
        clock.schedule(() -> ran.add("second at 100"), Duration.ofMillis(100));
        clock.schedule(() -> done.complete(null), Duration.ofMillis(400));

        clock.runUntil(done);

        assertThat(ran).containsExactly("first at 100", "second at 100", "late");
    }

    @Test
    void theClockStandsAtEachEventsTimeWhileItRuns() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clock.schedule(() -> ran.add(clock.elapsed().toMillis() + " ms"), Duration.ofMillis(250));
        clock.schedule(() -> done.complete(null), Duration.ofSeconds(2));

        clock.runUntil(done);

        assertThat(ran).containsExactly("250 ms");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anEventScheduledByAnotherCountsFromTheSimulatedNowOfThatEvent() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clock.schedule(() -> clock.schedule(() -> done.complete(null), Duration.ofSeconds(1)), Duration.ofSeconds(1));

        clock.runUntil(done);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void runningStopsOnceTheFutureIsDoneAndLaterEventsStayQueued() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clock.schedule(() -> done.complete(null), Duration.ofMillis(50));
        clock.schedule(() -> ran.add("after"), Duration.ofMillis(60));

        clock.runUntil(done);

        assertThat(ran).isEmpty();
        assertThat(clock.pending()).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aFutureNoEventCompletesFailsAtOnceInsteadOfWaitingOnARealClock() {
        clock.schedule(() -> ran.add("only"), Duration.ofMillis(50));

        assertThatThrownBy(() -> clock.runUntil(new CompletableFuture<Void>()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside the simulation");
        assertThat(ran).containsExactly("only");
    }

    @Test
    void timeNeverRunsBackwards() {
        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> clock.advanceTo(Duration.ofMillis(500).toNanos())).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void advancingRunsWhatFallsDueEachAtItsOwnTimeAndStopsAtTheTarget() {
        clock.schedule(() -> ran.add("at " + clock.elapsed().toMillis()), Duration.ofMillis(300));
        clock.schedule(() -> ran.add("at " + clock.elapsed().toMillis()), Duration.ofMillis(100));
        clock.schedule(() -> ran.add("too late"), Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(1));

        assertThat(ran).containsExactly("at 100", "at 300");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(clock.pending()).isEqualTo(1);
    }

    @Test
    void aCancelledTaskNeverRuns() {
        Scheduler.Cancellable timer = clock.schedule(() -> ran.add("cancelled"), Duration.ofMillis(100));

        timer.cancel();
        clock.advance(Duration.ofSeconds(1));

        assertThat(ran).isEmpty();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void anExecutedTaskWaitsForTheClockToBeDrivenNotForTheCallersStack() {
        clock.execute(() -> ran.add("ready"));

        assertThat(ran).isEmpty();
        clock.runReady();

        assertThat(ran).containsExactly("ready");
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void theWallClockMovesWithTheTicker() {
        clock.advanceMillis(1_500);

        assertThat(clock.instant()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:01.500Z"));
        assertThat(clock.nanos()).isEqualTo(1_500_000_000L);
    }
}
