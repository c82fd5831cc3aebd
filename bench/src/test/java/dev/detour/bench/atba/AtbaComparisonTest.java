package dev.detour.bench.atba;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The comparison harness on a small run: invariants only, never timings or which strategy wins. */
class AtbaComparisonTest {

    private static final ComparisonConfig SMALL = ComparisonConfig.builder()
            .requests(200)
            .warmupRequests(100)
            .budgetMultiples(List.of(1.5, 3.0))
            .build();

    @Test
    void theSameSeedGivesTheSameResults() {
        AtbaComparison.Comparison first = AtbaComparison.compare(ToolChain.DEFAULT, SMALL);
        AtbaComparison.Comparison second = AtbaComparison.compare(ToolChain.DEFAULT, SMALL);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void runsEveryStrategyWithEveryBudget() {
        AtbaComparison.Comparison comparison = AtbaComparison.compare(ToolChain.DEFAULT, SMALL);

        assertThat(comparison.results()).hasSize(SMALL.budgetMultiples().size() * TimeoutStrategy.values().length);
        assertThat(comparison.atbaSketches()).containsOnlyKeys(1.5, 3.0);
    }

    @Test
    void everyRequestEndsInExactlyOneOutcome() {
        for (StrategyResult r : AtbaComparison.compare(ToolChain.DEFAULT, SMALL).results()) {
            assertThat(r.completed() + r.budgetExhausted() + r.noRoute()).as("%s", r).isEqualTo(r.requests());
        }
    }

    @Test
    void prematureTimeoutsAreTimeoutsAndTimeoutsAreCalls() {
        for (StrategyResult r : AtbaComparison.compare(ToolChain.DEFAULT, SMALL).results()) {
            assertThat(r.prematureTimeouts()).as("%s", r).isLessThanOrEqualTo(r.timeouts());
            assertThat(r.timeouts()).as("%s", r).isLessThanOrEqualTo(r.calls());
        }
    }

    @Test
    void everyRerouteFollowsATimeout() {
        for (StrategyResult r : AtbaComparison.compare(ToolChain.DEFAULT, SMALL).results()) {
            assertThat(r.reroutes()).as("%s", r).isLessThanOrEqualTo(r.timeouts());
        }
    }

    @Test
    void waitingUntilTheDeadlineNeverTimesOutPrematurely() {
        AtbaComparison.compare(ToolChain.DEFAULT, SMALL).results().stream()
                .filter(r -> r.strategy() == TimeoutStrategy.DEADLINE_ONLY)
                .forEach(r -> assertThat(r.prematureTimeouts()).as("%s", r).isZero());
    }

    @Test
    void aBudgetFarAboveAnyLatencyCompletesEveryChainWithoutATimeout() {
        ComparisonConfig roomy = ComparisonConfig.builder().requests(100).warmupRequests(50).budgetMultiples(List.of(1_000.0)).build();

        for (StrategyResult r : AtbaComparison.compare(ToolChain.DEFAULT, roomy).results()) {
            assertThat(r.completed()).as("%s", r).isEqualTo(r.requests());
            assertThat(r.timeouts()).as("%s", r).isZero();
        }
    }

    @Property(tries = 20)
    void countsAddUpForAnySeedAndBudget(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                        @ForAll @DoubleRange(min = 0.5, max = 6) double budgetMultiple) {
        ComparisonConfig config = ComparisonConfig.builder()
                .requests(30).warmupRequests(20).seed(seed).budgetMultiples(List.of(budgetMultiple)).build();

        for (StrategyResult r : AtbaComparison.compare(ToolChain.DEFAULT, config).results()) {
            assertThat(r.completed() + r.budgetExhausted() + r.noRoute()).isEqualTo(r.requests());
            assertThat(r.prematureTimeouts()).isLessThanOrEqualTo(r.timeouts());
            assertThat(r.timeouts()).isLessThanOrEqualTo(r.calls());
            assertThat(r.calls()).isLessThanOrEqualTo(r.requests() * 2L * ToolChain.DEFAULT.stages().size());
        }
    }

    @Test
    void theSameSeedDrawsTheSameLatencies() {
        assertThat(ToolChain.DEFAULT.draw(42L)).isEqualTo(ToolChain.DEFAULT.draw(42L));
        assertThat(ToolChain.DEFAULT.draw(42L)).isNotEqualTo(ToolChain.DEFAULT.draw(43L));
    }

    @Test
    void theChainGraphHasAPrimaryAndABackupPerStage() {
        assertThat(ToolChain.DEFAULT.graph().tools()).containsExactlyInAnyOrderElementsOf(ToolChain.DEFAULT.tools());
        assertThat(ToolChain.DEFAULT.tools()).hasSize(2 * ToolChain.DEFAULT.stages().size());
    }
}
