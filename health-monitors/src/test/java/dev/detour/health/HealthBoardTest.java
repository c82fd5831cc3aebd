package dev.detour.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthBoardTest {

    private final ManualClock clock = new ManualClock();
    private final HealthView view = new HealthView(clock);
    private final List<MonitorEvent> events = new ArrayList<>();
    private final HealthBoard board = new HealthBoard(view, clock, events::add);
    private final Instant at = clock.instant();

    private List<MonitorEvent.HealthTransition> transitions() {
        return events.stream().filter(MonitorEvent.HealthTransition.class::isInstance).map(MonitorEvent.HealthTransition.class::cast).toList();
    }

    @Test
    void aSignalIsAppliedToTheHealthViewAndReported() {
        board.offer("breaker", HealthSignal.unavailable("a", 200, "circuit open", at));

        assertThat(view.health("a")).isEqualTo(ToolHealth.unavailable("breaker: circuit open"));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new MonitorEvent.SignalChanged("breaker", "a", ToolHealth.healthy(),
                ToolHealth.unavailable("circuit open"), "circuit open", at));
        assertThat(transitions()).singleElement().satisfies(t -> {
            assertThat(t.tool()).isEqualTo("a");
            assertThat(t.from()).isEqualTo(ToolHealth.healthy());
            assertThat(t.to()).isEqualTo(ToolHealth.unavailable("breaker: circuit open"));
            assertThat(t.monitor()).isEqualTo("breaker");
            assertThat(t.reason()).isEqualTo("circuit open");
        });
    }

    @Test
    void withdrawingTheWinnerFallsBackToTheNextSignal() {
        board.offer("latency", HealthSignal.degraded("a", 4, 100, "slow", at));
        board.offer("breaker", HealthSignal.unavailable("a", 200, "circuit open", at));

        board.withdraw("breaker", "a", "circuit closed");

        assertThat(view.health("a")).isEqualTo(ToolHealth.degraded(4, "latency: slow"));
        assertThat(transitions().getLast().monitor()).isEqualTo("latency");
    }

    @Test
    void withdrawingTheLastSignalMakesTheToolHealthyAgain() {
        board.offer("breaker", HealthSignal.unavailable("a", 200, "circuit open", at));

        board.withdraw("breaker", "a", "circuit closed");

        assertThat(view.health("a")).isEqualTo(ToolHealth.healthy());
        assertThat(transitions().getLast()).satisfies(t -> {
            assertThat(t.monitor()).isEqualTo("breaker");
            assertThat(t.reason()).isEqualTo("circuit closed");
        });
    }

    @Test
    void restatingTheSameStateInOtherWordsChangesNothing() {
        board.offer("breaker", HealthSignal.unavailable("a", 200, "circuit open", at));
        long epoch = view.epoch();
        int seen = events.size();

        board.offer("breaker", HealthSignal.unavailable("a", 200, "circuit still open", at));

        assertThat(view.epoch()).isEqualTo(epoch);
        assertThat(events).hasSize(seen);
    }

    @Test
    void aMaskedSignalChangeIsReportedButLeavesTheViewAlone() {
        board.offer("breaker", HealthSignal.unavailable("a", 200, "circuit open", at));
        long epoch = view.epoch();

        board.offer("latency", HealthSignal.degraded("a", 2, 100, "slow", at));

        assertThat(view.epoch()).isEqualTo(epoch);
        assertThat(events.getLast()).isInstanceOf(MonitorEvent.SignalChanged.class);
    }

    @Test
    void withdrawingASignalThatWasNeverGivenIsANoOp() {
        board.withdraw("breaker", "a", "nothing");

        assertThat(events).isEmpty();
        assertThat(view.epoch()).isZero();
    }

    @Test
    void withdrawingEverythingReturnsEveryToolToHealthy() {
        board.offer("breaker", HealthSignal.unavailable("a", 200, "open", at));
        board.offer("latency", HealthSignal.degraded("b", 2, 100, "slow", at));

        board.withdrawAll("monitoring stopped");

        assertThat(view.health("a")).isEqualTo(ToolHealth.healthy());
        assertThat(view.health("b")).isEqualTo(ToolHealth.healthy());
        assertThat(board.opinions("a")).isEmpty();
    }
}
