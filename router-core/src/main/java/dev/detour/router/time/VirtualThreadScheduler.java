package dev.detour.router.time;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Scheduler}: every task on its own virtual thread, so a task blocked in a
 * probe or a slow computation holds no shared pool thread; one daemon platform thread only hands
 * delayed tasks over and never runs them. Cancelled timers leave the queue at once, since most call
 * windows are cancelled long before they are due.
 */
final class VirtualThreadScheduler implements Scheduler {

    /** The shared instance behind {@link Scheduler#system()}; {@link #close()} leaves it running. */
    static final VirtualThreadScheduler SYSTEM = new VirtualThreadScheduler(false);

    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("detour-task-", 0).factory());
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "detour-timer");
        t.setDaemon(true);
        return t;
    });
    private final boolean closeable;

    VirtualThreadScheduler() {
        this(true);
    }

    private VirtualThreadScheduler(boolean closeable) {
        this.closeable = closeable;
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("cannot schedule in the past: " + delay);
        }
        ScheduledFuture<?> f = timer.schedule(() -> workers.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        if (closeable) {
            timer.shutdownNow();
            workers.shutdownNow();
        }
    }
}
