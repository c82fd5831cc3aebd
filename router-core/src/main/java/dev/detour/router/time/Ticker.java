package dev.detour.router.time;

/**
 * A monotonic nanosecond source: the one seam through which elapsed time enters Detour. Tests
 * pass a fake; {@link #system()} is the only caller of {@link System#nanoTime()}.
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
