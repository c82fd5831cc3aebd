package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SimulatedSchedulerTest {

    private final SimulatedClock clock = new SimulatedClock();
    private final SimulatedScheduler scheduler = new SimulatedScheduler(clock);
    private final List<String> ran = new ArrayList<>();

    @Test
    void eventsRunInTimeOrderThenInTheOrderTheyWereScheduled() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(Duration.ofMillis(300), () -> ran.add("late"));
        scheduler.schedule(Duration.ofMillis(100), () -> ran.add("first at 100"));
        scheduler.schedule(Duration.ofMillis(100), () -> ran.add("second at 100"));
        scheduler.schedule(Duration.ofMillis(400), () -> done.complete(null));

        scheduler.runUntil(done);

        assertThat(ran).containsExactly("first at 100", "second at 100", "late");
    }

    @Test
    void theClockStandsAtEachEventsTimeWhileItRuns() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(Duration.ofMillis(250), () -> ran.add(clock.elapsed().toMillis() + " ms"));
        scheduler.schedule(Duration.ofSeconds(2), () -> done.complete(null));

        scheduler.runUntil(done);

        assertThat(ran).containsExactly("250 ms");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anEventScheduledByAnotherCountsFromTheSimulatedNowOfThatEvent() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(Duration.ofSeconds(1), () -> scheduler.schedule(Duration.ofSeconds(1), () -> done.complete(null)));

        scheduler.runUntil(done);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void runningStopsOnceTheFutureIsDoneAndLaterEventsStayQueued() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(Duration.ofMillis(50), () -> done.complete(null));
        scheduler.schedule(Duration.ofMillis(60), () -> ran.add("after"));

        scheduler.runUntil(done);

        assertThat(ran).isEmpty();
        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aFutureNoEventCompletesFailsAtOnceInsteadOfWaitingOnARealClock() {
        scheduler.schedule(Duration.ofMillis(50), () -> ran.add("only"));

        assertThatThrownBy(() -> scheduler.runUntil(new CompletableFuture<Void>()))
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
}
