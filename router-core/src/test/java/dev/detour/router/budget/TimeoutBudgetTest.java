package dev.detour.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutBudgetTest {

    private final ManualClock ticker = new ManualClock();
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
    void keepsTheAlternativesExpectedLatencyBackWhenTheBudgetCarriesBoth() {
        observe("last", 100, 100);
        observe("backup", 300, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofSeconds(2), ticker, config, sketches);

        Duration alone = window(budget.allocate(List.of("last")));
        Duration withReserve = window(budget.allocate(List.of("last"), "backup"));

        assertThat(alone).isEqualTo(Duration.ofSeconds(2));
        assertThat(withReserve.toMillis()).isBetween(480L, 520L); // 2 s × 100 / (100 + 300)
    }

    @Test
    void keepsNoReserveWhenTheBudgetCannotCarryTheStepAndItsAlternative() {
        observe("slow", 1000, 100);
        observe("backup", 1000, 100);
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(1500), ticker, config, sketches);

        assertThat(window(budget.allocate(List.of("slow"), "backup"))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void hedgesWithAReserveWhileTheStepOrItsAlternativeWasNeverObserved() {
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(400), ticker, config, sketches);

        // nothing known: both count as 1 s, more than the budget, and a hang is as likely as anything
        assertThat(window(budget.allocate(List.of("unseen"), "also-unseen"))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aShortBudgetStillGivesAStepItsExpectedLatencyWhileTheRestFitsItsFastestRun() {
        fastWithATail();
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(3000), ticker, config, sketches);

        // proportional share 3,000 × 400 / 4,400 ≈ 273 ms, raised to fast's p95 (400 ms): slow's median (2 s) still fits
        assertThat(window(budget.allocate(List.of("fast", "slow"))).toMillis()).isBetween(390L, 410L);
    }

    @Test
    void neverRaisesAStepPastWhatTheRestOfThePathNeedsForItsFastestRun() {
        fastWithATail();
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(2300), ticker, config, sketches);

        // 2,300 − 2,000 (slow's median, within the sketch's 2 %) ≈ 300 ms, less than fast's p95 but more than its share (≈ 209 ms)
        assertThat(window(budget.allocate(List.of("fast", "slow"))).toMillis()).isBetween(290L, 320L);
    }

    /** fast: median 50 ms, p95 400 ms; slow: median 2 s, p95 4 s. */
    private void fastWithATail() {
        observe("fast", 50, 90);
        observe("fast", 400, 10);
        observe("slow", 2000, 80);
        observe("slow", 4000, 20);
    }

    private static Duration window(TimeoutBudget.Allocation allocation) {
        assertThat(allocation).isInstanceOf(TimeoutBudget.Allocation.Window.class);
        return ((TimeoutBudget.Allocation.Window) allocation).timeout();
    }
}
