package dev.detour.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.SignalAggregation.Opinion;
import dev.detour.router.health.ToolHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SignalAggregationTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static Opinion unavailable(String monitor, int priority) {
        return new Opinion(monitor, HealthSignal.unavailable("t", priority, monitor + " says down", AT));
    }

    private static Opinion degraded(String monitor, int priority, double penalty) {
        return new Opinion(monitor, HealthSignal.degraded("t", penalty, priority, monitor + " says slow", AT));
    }

    private static Opinion healthy(String monitor, int priority) {
        return new Opinion(monitor, HealthSignal.healthy("t", priority, monitor + " says up", AT));
    }

    @Test
    void theHighestPrioritySignalWinsEvenWhenItIsLessSevere() {
        Optional<Opinion> winner = SignalAggregation.winner(List.of(unavailable("breaker", 200), degraded("probe", 300, 2)));

        assertThat(winner).get().extracting(Opinion::monitor).isEqualTo("probe");
    }

    @Test
    void anExplicitHealthyOverrideBeatsLowerPriorityVerdicts() {
        ToolHealth applied = SignalAggregation.applied(SignalAggregation.winner(List.of(unavailable("breaker", 200), healthy("risk", 400))));

        assertThat(applied).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void onEqualPriorityTheMoreSevereStatusWins() {
        assertThat(SignalAggregation.winner(List.of(degraded("a", 100, 8), unavailable("b", 100), degraded("c", 100, 2))))
                .get().extracting(Opinion::monitor).isEqualTo("b");
        assertThat(SignalAggregation.winner(List.of(degraded("a", 100, 2), degraded("b", 100, 8))))
                .get().extracting(Opinion::monitor).isEqualTo("b");
    }

    @Test
    void onEqualPriorityAndStatusTheMonitorWhoseNameSortsFirstWins() {
        assertThat(SignalAggregation.winner(List.of(unavailable("zeta", 100), unavailable("alpha", 100))))
                .get().extracting(Opinion::monitor).isEqualTo("alpha");
    }

    @Test
    void withNoSignalTheToolIsHealthy() {
        assertThat(SignalAggregation.applied(SignalAggregation.winner(List.of()))).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void theAppliedReasonNamesTheDecidingMonitor() {
        assertThat(SignalAggregation.applied(Optional.of(degraded("latency", 100, 4))))
                .isEqualTo(ToolHealth.degraded(4, "latency: latency says slow"));
    }

    @Property
    void theDecisionDoesNotDependOnArrivalOrder(@ForAll("opinions") @Size(min = 1, max = 8) List<Opinion> opinions, @ForAll long seed) {
        List<Opinion> shuffled = new ArrayList<>(opinions);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(SignalAggregation.winner(shuffled)).isEqualTo(SignalAggregation.winner(opinions));
    }

    @Property
    void theWinnerHasTheHighestPriority(@ForAll("opinions") @Size(min = 1, max = 8) List<Opinion> opinions) {
        int max = opinions.stream().mapToInt(o -> o.signal().priority()).max().orElseThrow();

        assertThat(SignalAggregation.winner(opinions)).get().extracting(o -> o.signal().priority()).isEqualTo(max);
    }

    @Property
    void withdrawingALosingSignalNeverChangesTheDecision(@ForAll("opinions") @Size(min = 2, max = 8) List<Opinion> opinions) {
        Opinion winner = SignalAggregation.winner(opinions).orElseThrow();
        List<Opinion> rest = new ArrayList<>(opinions);
        Opinion loser = rest.stream().filter(o -> o != winner).findFirst().orElseThrow();
        rest.remove(loser);

        assertThat(SignalAggregation.winner(rest)).contains(winner);
    }

    @Provide
    Arbitrary<List<Opinion>> opinions() {
        Arbitrary<Opinion> one = Combinators.combine(
                Arbitraries.of("breaker", "outlier", "latency", "probe", "risk"),
                Arbitraries.integers().between(0, 3).map(i -> i * 100),
                Arbitraries.integers().between(0, 3)).as((monitor, priority, kind) -> switch (kind) {
                    case 0 -> healthy(monitor, priority);
                    case 1 -> degraded(monitor, priority, 2);
                    case 2 -> degraded(monitor, priority, 8);
                    default -> unavailable(monitor, priority);
                });
        // One opinion per monitor, as on a board.
        return one.list().uniqueElements(Opinion::monitor);
    }
}
