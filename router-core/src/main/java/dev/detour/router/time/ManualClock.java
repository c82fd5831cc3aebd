package dev.detour.router.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Time that moves only when told to: a {@link Ticker}, a wall clock and a {@link Scheduler} in one,
 * for tests and for simulations (scenario runs, the ATBA comparison). Nothing it schedules runs until
 * time is moved past it, on the thread that moves it — "half-opens after 15 s" becomes a
 * one-millisecond test, and calls in flight together overlap in simulated time deterministically:
 * tasks run in (due time, submission) order.
 *
 * <p>Two ways to drive it: {@link #advance} moves time by a fixed amount, running what falls due on
 * the way; {@link #runUntil} runs a discrete-event simulation, jumping from one task to the next
 * until a future is done. Time never runs backwards. Thread-safe for reading time and submitting
 * tasks; drive it from one thread. Tasks run here must not block.
 */
public final class ManualClock implements Ticker, InstantSource, Scheduler {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Task> delayed = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueAt).thenComparingLong(Task::sequence));
    private long sequence;

    @Override
    public long nanos() {
        return nanos.get();
    }

    /** {@code 2026-01-01T00:00:00Z} plus the time moved so far. */
    @Override
    public Instant instant() {
        return ORIGIN.plusNanos(nanos.get());
    }

    /** Time moved since the clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    /** Queues {@code task} to run at the current time, the next time this clock is driven. */
    @Override
    public synchronized void execute(Runnable task) {
        ready.add(Objects.requireNonNull(task, "task"));
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("cannot schedule in the past: " + delay);
        }
        Task t = new Task(nanos.get() + delay.toNanos(), sequence++, Objects.requireNonNull(task, "task"));
        delayed.add(t);
        return t::cancel;
    }

    /** Runs every ready task, including those the tasks submit, until none is left; time stands still. */
    public void runReady() {
        Runnable task;
        while ((task = pollReady()) != null) {
            task.run();
        }
    }

    /**
     * Moves time forward by {@code duration}, running every task that falls due, in order, each at its
     * due time.
     *
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time never runs backwards: cannot advance by " + duration);
        }
        long target = nanos.get() + duration.toNanos();
        runReady();
        Task next;
        while ((next = pollDue(target)) != null) {
            moveTo(next.dueAt);
            next.run();
            runReady();
        }
        moveTo(target);
        runReady();
    }

    /** {@link #advance(Duration)} by {@code millis} milliseconds. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /**
     * Moves time forward to {@code at} (nanoseconds since the clock was created), running what falls
     * due on the way.
     *
     * @throws IllegalArgumentException when {@code at} is in the past: an event a simulation would
     *                                  have to run late means its model is broken
     */
    public void advanceTo(long at) {
        long now = nanos.get();
        if (at < now) {
            throw new IllegalArgumentException("time never runs backwards: now is " + now + " ns, asked for " + at + " ns");
        }
        advance(Duration.ofNanos(at - now));
    }

    /**
     * Runs tasks in (time, submission) order, moving time to each, until {@code done} is done; tasks
     * due later stay queued.
     *
     * @throws IllegalStateException when no task is left first: {@code done} waits for something the
     *                               simulation does not drive, and waiting would mean waiting on a
     *                               real clock
     */
    public void runUntil(Future<?> done) {
        runReady();
        while (!done.isDone()) {
            Task next = pollDue(Long.MAX_VALUE);
            if (next == null) {
                throw new IllegalStateException("no simulated event left, but the run is not done: it waits for something outside the simulation");
            }
            moveTo(next.dueAt);
            next.run();
            runReady();
        }
    }

    /** Tasks waiting to run at the current time. */
    public synchronized int readyCount() {
        return ready.size();
    }

    /** Delayed tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) delayed.stream().filter(t -> !t.cancelled).count();
    }

    private void moveTo(long at) {
        nanos.accumulateAndGet(at, Math::max);
    }

    private synchronized @Nullable Runnable pollReady() {
        return ready.poll();
    }

    private synchronized @Nullable Task pollDue(long target) {
        Task head;
        while ((head = delayed.peek()) != null && head.cancelled) {
            delayed.poll();
        }
        return head != null && head.dueAt <= target ? delayed.poll() : null;
    }

    private static final class Task {
        private final long dueAt;
        private final long sequence;
        private final Runnable action;
        private volatile boolean cancelled;

        Task(long dueAt, long sequence, Runnable action) {
            this.dueAt = dueAt;
            this.sequence = sequence;
            this.action = action;
        }

        long dueAt() {
            return dueAt;
        }

        long sequence() {
            return sequence;
        }

        void cancel() {
            cancelled = true;
        }

        void run() {
            if (!cancelled) {
                action.run();
            }
        }
    }
}
