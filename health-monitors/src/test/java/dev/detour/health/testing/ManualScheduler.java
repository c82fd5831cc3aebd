package dev.detour.health.testing;

import dev.detour.health.Scheduler;
import dev.detour.router.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} that runs nothing until told to, on the caller's thread, with time taken from a
 * {@link FakeTicker} that it advances itself: "half-opens after 15 s" becomes a one-millisecond test.
 * Tasks run here must not block. Thread-safe for submission; run it from one test thread.
 */
public final class ManualScheduler implements Scheduler {

    private final FakeTicker ticker;
    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>(
            Comparator.comparingLong((Delayed d) -> d.dueAt).thenComparingLong(d -> d.sequence));
    private long sequence;

    public ManualScheduler(FakeTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Delayed d = new Delayed(ticker.nanos() + delay.toNanos(), sequence++, task);
        delayed.add(d);
        return () -> d.cancelled = true;
    }

    /** Runs every ready task, including those the tasks submit, until none is left. */
    public void runReady() {
        Runnable task;
        while ((task = pollReady()) != null) {
            task.run();
        }
    }

    /** Moves time forward by {@code duration}, running every task that falls due, in order, at its due time. */
    public void advance(Duration duration) {
        long target = ticker.nanos() + duration.toNanos();
        runReady();
        Delayed next;
        while ((next = pollDue(target)) != null) {
            if (next.dueAt > ticker.nanos()) {
                ticker.advance(Duration.ofNanos(next.dueAt - ticker.nanos()));
            }
            if (!next.cancelled) {
                next.task.run();
            }
            runReady();
        }
        if (target > ticker.nanos()) {
            ticker.advance(Duration.ofNanos(target - ticker.nanos()));
        }
        runReady();
    }

    /** Tasks waiting to run now. */
    public synchronized int readyCount() {
        return ready.size();
    }

    private synchronized Runnable pollReady() {
        return ready.poll();
    }

    private synchronized Delayed pollDue(long target) {
        Delayed head = delayed.peek();
        return head != null && head.dueAt <= target ? delayed.poll() : null;
    }

    private static final class Delayed {
        final long dueAt;
        final long sequence;
        final Runnable task;
        volatile boolean cancelled;

        Delayed(long dueAt, long sequence, Runnable task) {
            this.dueAt = dueAt;
            this.sequence = sequence;
            this.task = task;
        }
    }
}
