package dev.detour.health;

import dev.detour.health.internal.MonitorLane;
import dev.detour.health.internal.Observation;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.spi.OutcomeListener;
import java.util.List;

/**
 * Feeds a {@link MonitorRunner}'s monitors from a router: register it with {@code
 * Router.builder(graph).outcomeListener(runner.outcomeListener())}.
 *
 * <p>Recording is cheap and never blocks: one small record, then a non-blocking enqueue per monitor
 * (bounded; a full mailbox drops the outcome for that monitor only and is reported as {@code
 * OVERLOADED}). The monitors do their work later on their own lanes, within {@link
 * MonitorRunnerConfig#drainDelay()}.
 */
public final class OutcomeFeed implements OutcomeListener {

    private final List<MonitorLane> lanes;

    OutcomeFeed(List<MonitorLane> lanes) {
        this.lanes = List.copyOf(lanes);
    }

    @Override
    public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        Observation observation = new Observation(tool, outcome, latencyNanos, atNanos);
        for (MonitorLane lane : lanes) {
            lane.offer(observation);
        }
    }
}
