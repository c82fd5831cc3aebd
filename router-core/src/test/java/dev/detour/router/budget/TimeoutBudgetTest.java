package dev.detour.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutBudgetTest {

    private final FakeTicker ticker = new FakeTicker();
    private final LatencySketches sketches = new LatencySketches();
    private final BudgetConfig config = BudgetConfig.builder().minStepTimeout(Duration.ofMillis(10)).build();

    private void observe(String tool, long millis, int times) {
        for (int i = 0; i < times; i++) {
            sketches.record(tool, Duration.ofMillis(millis).toNanos());
        }
    }

    @Test
    void splitsTheRemainingTimeInProportionToLatencyQuantiles() {
        observe("slow", 300, 100);
        observe("fast", 100, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofSeconds(2), ticker, config, sketches);

        Duration slowWindow = ((TimeoutBudget.Allocation.Window) budget.allocate(List.of("slow", "fast"))).timeout();

        assertThat(slowWindow.toMillis()).isBetween(1450L, 1550L);
    }

    @Test
    void reSolvesAfterEachStepWithWhatIsLeft() {
        observe("a", 100, 100);
        observe("b", 100, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofSeconds(1), ticker, config, sketches);
        ticker.advanceMillis(600);

        Duration window = ((TimeoutBudget.Allocation.Window) budget.allocate(List.of("b"))).timeout();

        assertThat(window).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void neverGivesLessThanTheFloor() {
        observe("tiny", 1, 100);
        observe("huge", 10_000, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofSeconds(30), ticker, config, sketches);

        Duration window = ((TimeoutBudget.Allocation.Window) budget.allocate(List.of("tiny", "huge"))).timeout();

        assertThat(window).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void failsFastWhenEvenMedianLatenciesCannotFit() {
        observe("a", 400, 100);
        observe("b", 400, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(700), ticker, config, sketches);

        assertThat(budget.allocate(List.of("a", "b"))).isInstanceOf(TimeoutBudget.Allocation.Exhausted.class);
    }

    @Test
    void isExhaustedOnceTheDeadlineHasPassed() {
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(100), ticker, config, sketches);
        ticker.advanceMillis(150);

        assertThat(budget.allocate(List.of("a"))).isInstanceOf(TimeoutBudget.Allocation.Exhausted.class);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void sketchesAnswerQuantilesWithinTheirRelativeAccuracy() {
        for (int i = 1; i <= 1000; i++) {
            sketches.record("t", Duration.ofMillis(i).toNanos());
        }

        double p95 = sketches.quantileNanos("t", 0.95).orElseThrow();

        assertThat(p95 / 1e6).isBetween(950 * 0.97, 950 * 1.03);
        assertThat(sketches.quantileNanos("unknown", 0.5)).isEmpty();
        assertThat(sketches.count("t")).isEqualTo(1000);
    }

    @Test
    void keepsTimeBackForARerouteWhenTheNextStepHasAnAlternative() {
        observe("last", 100, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofSeconds(2), ticker, config, sketches);

        Duration alone = ((TimeoutBudget.Allocation.Window) budget.allocate(List.of("last"))).timeout();
        Duration withReserve = ((TimeoutBudget.Allocation.Window) budget.allocate(List.of("last"), true)).timeout();

        assertThat(alone).isEqualTo(Duration.ofSeconds(2));
        assertThat(withReserve).isEqualTo(Duration.ofSeconds(1));
    }
}
