package dev.detour.router.time;

import java.time.Duration;

/**
 * Where delayed and background work runs: the one seam for timers and threads, next to {@link
 * Ticker} for reading time. The router enforces call windows through it, the health monitors run on
 * it, and the server arms its upstream timeouts with it; tests pass a {@link ManualClock} and move
 * time themselves.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} soon, never on the caller's stack (so a request thread never runs monitor code). */
    void execute(Runnable task);

    /**
     * Runs {@code task} once after {@code delay}. Tasks may block: they never run on a thread a
     * timer needs.
     *
     * @throws IllegalArgumentException when {@code delay} is negative
     */
    Cancellable schedule(Runnable task, Duration delay);

    /** Releases threads this scheduler owns; a no-op by default. */
    @Override
    default void close() {
    }

    /** A scheduled task that can be called off; calling it off after it ran, or twice, does nothing. */
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

    /**
     * The process-wide {@link #virtualThreads()} scheduler, for components that need timers but own
     * no lifecycle (a router's call windows, by default). Closing it does nothing: its one timer thread
     * is a daemon and lives as long as the JVM.
     */
    static Scheduler system() {
        return VirtualThreadScheduler.SYSTEM;
    }
}
