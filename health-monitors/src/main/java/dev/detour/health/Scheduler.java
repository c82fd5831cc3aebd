package dev.detour.health;

import dev.detour.health.internal.VirtualThreadScheduler;
import java.time.Duration;

/**
 * Where monitor work runs. The one seam for threads and delays, so tests can run everything on the
 * calling thread with a manual scheduler advanced together with a fake ticker.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} soon, never on the caller's stack (so a request thread never runs monitor code). */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Releases threads this scheduler owns; a no-op by default. */
    @Override
    default void close() {
    }

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /**
     * One virtual thread per task, and one daemon platform thread that only hands delayed tasks over.
     * The caller owns it and closes it.
     */
    static Scheduler virtualThreads() {
        return new VirtualThreadScheduler();
    }
}
