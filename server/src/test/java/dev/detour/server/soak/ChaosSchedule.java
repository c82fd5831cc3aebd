package dev.detour.server.soak;

import dev.detour.server.demo.DemoUpstreams;
import dev.detour.server.demo.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What goes wrong during one soak phase, and when: drawn up front from a seed, so two phases (and two
 * runs) with the same seed see the same faults in the same order. Faults hit a random demo upstream
 * and heal one to three fault intervals later, so outages overlap (compound outages); reloads come at
 * a fixed interval.
 *
 * @param actions every action, by time from the phase's start
 */
record ChaosSchedule(List<Action> actions) {

    /** One scheduled action. */
    sealed interface Action {
        /** When, from the phase's start. */
        Duration at();
    }

    /** Switch {@code upstream} to {@code fault}. */
    record Inject(Duration at, String upstream, Fault fault) implements Action {}

    /** Bring {@code upstream} back to healthy, whatever fault it has by then. */
    record Heal(Duration at, String upstream) implements Action {}

    /** Hot-reload the config with a harmless change; {@code generation} numbers the reloads of a phase. */
    record Reload(Duration at, int generation) implements Action {}

    private static final Fault[] FAULTS = {Fault.DOWN, Fault.ERRORING, Fault.SLOW};

    ChaosSchedule {
        actions = List.copyOf(actions);
    }

    /** The schedule of a phase of length {@code phase}: nothing is scheduled at or after its end. */
    static ChaosSchedule plan(SoakOptions options, Duration phase, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Action> actions = new ArrayList<>();
        long faultEvery = options.faultEvery().toMillis();
        long at = faultEvery / 2;
        while (at < phase.toMillis()) {
            String upstream = DemoUpstreams.UPSTREAMS.get(random.nextInt(DemoUpstreams.UPSTREAMS.size())).name();
            actions.add(new Inject(Duration.ofMillis(at), upstream, FAULTS[random.nextInt(FAULTS.length)]));
            long healAt = at + faultEvery + random.nextLong(2 * faultEvery);
            if (healAt < phase.toMillis()) {
                actions.add(new Heal(Duration.ofMillis(healAt), upstream));
            }
            at += faultEvery / 2 + random.nextLong(faultEvery); // mean: one fault interval
        }
        int generation = 1;
        for (long reload = options.reloadEvery().toMillis(); reload < phase.toMillis(); reload += options.reloadEvery().toMillis()) {
            actions.add(new Reload(Duration.ofMillis(reload), generation++));
        }
        actions.sort(Comparator.comparing(Action::at));
        return new ChaosSchedule(actions);
    }

    long injections() {
        return actions.stream().filter(Inject.class::isInstance).count();
    }

    long reloads() {
        return actions.stream().filter(Reload.class::isInstance).count();
    }
}
