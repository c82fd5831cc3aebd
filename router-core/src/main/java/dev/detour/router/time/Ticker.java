package dev.detour.router.time;

/**
 * A monotonic nanosecond source: with {@link Scheduler}, the one seam through which time enters
 * Detour. Tests and simulations pass a {@link ManualClock}; {@link #system()} is the only caller of
 * {@link System#nanoTime()} (an ArchUnit rule in every module keeps it so).
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanos();

    /** The system's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
