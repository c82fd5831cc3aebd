package dev.detour.router.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthViewTest {

    private final ManualClock clock = new ManualClock();
    private final HealthView view = new HealthView(clock);

    @Test
    void everyToolStartsHealthy() {
        assertThat(view.health("never-seen")).isEqualTo(ToolHealth.healthy());
        assertThat(view.epoch()).isZero();
    }

    @Test
    void aChangeIsVisibleImmediatelyAndBumpsTheEpoch() {
        view.set("a", ToolHealth.unavailable("down"));

        assertThat(view.health("a")).isEqualTo(ToolHealth.unavailable("down"));
        assertThat(view.health(view.slot("a"))).isEqualTo(ToolHealth.unavailable("down"));
        assertThat(view.epoch()).isEqualTo(1);
    }

    @Test
    void settingTheSameStateIsNotAChange() {
        view.set("a", ToolHealth.degraded(2, "slow"));

        assertThat(view.set("a", ToolHealth.degraded(2, "slow"))).isNull();
        assertThat(view.epoch()).isEqualTo(1);
    }

    @Test
    void listenersSeeEachChangeWithItsDirection() {
        List<HealthChange> changes = new ArrayList<>();
        view.onChange(changes::add);

        view.set("a", ToolHealth.unavailable("down"));
        view.set("a", ToolHealth.healthy());

        assertThat(changes).extracting(HealthChange::worsened).containsExactly(true, false);
        assertThat(changes.getFirst().at()).isEqualTo(clock.instant());
    }

    @Test
    void theChangeLogReplaysChangesSinceAnEpoch() {
        view.set("a", ToolHealth.unavailable("down"));
        long since = view.epoch();
        view.set("b", ToolHealth.degraded(3, "slow"));
        view.set("a", ToolHealth.healthy());
        List<String> seen = new ArrayList<>();

        boolean complete = view.changesSince(since, (slot, worsened) -> seen.add(slot + ":" + worsened));

        assertThat(complete).isTrue();
        assertThat(seen).containsExactly(view.slot("b") + ":true", view.slot("a") + ":false");
    }

    @Test
    void theChangeLogAdmitsWhenItNoLongerReachesBack() {
        HealthView small = new HealthView(clock, 4);
        for (int i = 0; i < 10; i++) {
            small.set("t" + i, ToolHealth.unavailable("down"));
        }

        assertThat(small.changesSince(0, (slot, worsened) -> true)).isFalse();
        assertThat(small.changesSince(7, (slot, worsened) -> true)).isTrue();
    }

    @Test
    void slotsGrowBeyondTheInitialCapacity() {
        for (int i = 0; i < 200; i++) {
            view.set("tool-" + i, ToolHealth.degraded(1 + i, "r"));
        }

        assertThat(view.health("tool-150")).isEqualTo(ToolHealth.degraded(151, "r"));
        assertThat(view.snapshot()).hasSize(200);
    }
}
