package dev.detour.graphs.scenario;

import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated time for scenario runs: it moves only when a mock tool or the mock LLM says a call took
 * time, so runs are deterministic and never sleep. Thread-safe.
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

    /** Moves time forward. */
    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** Time passed since the clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }
}
