package dev.detour.health;

import dev.detour.router.time.Ticker;
import java.time.InstantSource;

/**
 * What a {@link HealthMonitor} reports through. Supplied by the {@link MonitorRunner}; thread-safe.
 */
public interface MonitorContext {

    /**
     * States the monitor's verdict on {@code signal.tool()}, replacing its previous one. Re-stating the
     * same state (same status and penalty) is a no-op, whatever the reason says.
     */
    void emit(HealthSignal signal);

    /** Takes back the monitor's verdict on {@code tool}: it no longer has anything against it. */
    void withdraw(String tool, String reason);

    /**
     * Runs {@code task} later on this monitor's lane, serialised with its other calls. The way to bring
     * an asynchronous result (a probe's answer) back into the monitor's single-threaded state.
     */
    void post(Runnable task);

    /** The monotonic clock monitors measure durations with. */
    Ticker ticker();

    /** The wall clock signals are stamped with. */
    InstantSource clock();
}
