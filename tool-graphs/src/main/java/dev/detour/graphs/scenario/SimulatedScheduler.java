package dev.detour.graphs.scenario;

import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Future;

/**
 * A discrete-event scheduler on a {@link SimulatedClock}: a queue of (time, action) ordered by
 * time, then by insertion, that {@link #runUntil} drains — moving the clock to each event's time,
 * then running its action — until a given future is done. Calls that are in flight together
 * (concurrent fan-out branches) therefore overlap in simulated time, and a run is deterministic:
 * the same schedule always runs in the same order, and nothing waits on a real clock.
 *
 * <p>Thread-safe; deterministic when driven from one thread (actions run on the thread that calls
 * {@link #runUntil}).
 */
public final class SimulatedScheduler {

    private record Event(long atNanos, long sequence, Runnable action) {
    }

    private final SimulatedClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::atNanos).thenComparingLong(Event::sequence));
    private long sequence;

    public SimulatedScheduler(SimulatedClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock this scheduler moves. */
    public SimulatedClock clock() {
        return clock;
    }

    /**
     * Runs {@code action} when {@code after} has passed from now in simulated time.
     *
     * @throws IllegalArgumentException when {@code after} is negative
     */
    public synchronized void schedule(Duration after, Runnable action) {
        if (after.isNegative()) {
            throw new IllegalArgumentException("cannot schedule in the past: " + after);
        }
        queue.add(new Event(clock.nanos() + after.toNanos(), sequence++, Objects.requireNonNull(action, "action")));
    }

    /** Events scheduled and not yet run. */
    public synchronized int pending() {
        return queue.size();
    }

    /**
     * Runs events in (time, insertion) order until {@code done} is done; events scheduled for later
     * stay queued.
     *
     * @throws IllegalStateException when the queue runs dry first: {@code done} waits for something
     *                               the simulation does not drive, and waiting would mean waiting
     *                               on a real clock
     */
    public void runUntil(Future<?> done) {
        while (!done.isDone()) {
            Event next;
            synchronized (this) {
                next = queue.poll();
            }
            if (next == null) {
                throw new IllegalStateException("no simulated event left, but the run is not done: it waits for something outside the simulation");
            }
            clock.advanceTo(next.atNanos());
            next.action().run();
        }
    }
}
