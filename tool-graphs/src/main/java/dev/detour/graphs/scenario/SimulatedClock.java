package dev.detour.graphs.scenario;

import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated time for scenario runs, the one simulated ticker of tool-graphs: it moves only when a
 * call takes time — the {@link SimulatedScheduler} moving to its next event, the mock LLM thinking,
 * a sequential strategy letting a mock tool's latency pass — so runs are deterministic and never
 * sleep. Never runs backwards. Thread-safe.
 */
public final class SimulatedClock implements Ticker, InstantSource {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return ORIGIN.plusNanos(nanos.get());
    }

    /** Moves time forward by {@code d}. @throws IllegalArgumentException when {@code d} is negative */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time never runs backwards: cannot advance by " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    /**
     * Moves time forward to {@code at} (nanos since the clock was created).
     *
     * @throws IllegalArgumentException when {@code at} is in the past: an event the simulation
     *                                  would have to run late means its model is broken
     */
    public void advanceTo(long at) {
        long before = nanos.getAndAccumulate(at, Math::max);
        if (at < before) {
            throw new IllegalArgumentException("time never runs backwards: now is " + before + " ns, asked for " + at + " ns");
        }
    }

    /** Time passed since the clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }
}
