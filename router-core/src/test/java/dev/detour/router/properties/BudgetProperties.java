package dev.detour.router.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.budget.BudgetConfig;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.budget.TimeoutBudget;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** ATBA invariants over random latencies, paths and budgets. */
class BudgetProperties {

    private static final BudgetConfig CONFIG = BudgetConfig.builder().minStepTimeout(Duration.ofMillis(1)).build();

    @Property(tries = 1000)
    void aHangingStepNeverLeavesItsOwnAlternativeLessTimeThanItTook(
            @ForAll @LongRange(min = 1, max = 5_000) long stepMillis,
            @ForAll @LongRange(min = 1, max = 5_000) long alternativeMillis,
            @ForAll @IntRange(min = 0, max = 4) int restSteps,
            @ForAll @LongRange(min = 1, max = 2_000) long restMillis,
            @ForAll @LongRange(min = 100, max = 60_000) long budgetMillis,
            @ForAll boolean observed) {
        ManualClock ticker = new ManualClock();
        LatencySketches sketches = new LatencySketches();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < restSteps; i++) {
            rest.add("rest" + i);
        }
        if (observed) {
            observe(sketches, "step", stepMillis);
            observe(sketches, "alternative", alternativeMillis);
            rest.forEach(tool -> observe(sketches, tool, restMillis));
        }
        long typicalRun = stepMillis + alternativeMillis + restSteps * restMillis;
        if (observed && budgetMillis < typicalRun * 1.1) {
            return; // no typical run of the path and the alternative fits: ATBA keeps no reserve, by design
        }
        TimeoutBudget budget = TimeoutBudget.start(Duration.ofMillis(budgetMillis), ticker, CONFIG, sketches);
        List<String> path = new ArrayList<>(List.of("step"));
        path.addAll(rest);
        Duration hang = ((TimeoutBudget.Allocation.Window) budget.allocate(path, "alternative")).timeout();

        ticker.advance(hang);
        List<String> rerouted = new ArrayList<>(List.of("alternative"));
        rerouted.addAll(rest);

        assertThat(budget.allocate(rerouted)).isInstanceOfSatisfying(TimeoutBudget.Allocation.Window.class,
                fallback -> assertThat(fallback.timeout()).as("the hang took %s", hang).isGreaterThanOrEqualTo(hang));
    }

    private static void observe(LatencySketches sketches, String tool, long millis) {
        for (int i = 0; i < 20; i++) {
            sketches.record(tool, Duration.ofMillis(millis).toNanos());
        }
    }
}
