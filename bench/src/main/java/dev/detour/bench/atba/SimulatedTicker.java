package dev.detour.bench.atba;

import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Simulated time: a ticker and wall clock that move only when a simulated upstream call says how
 * long it took. Not thread-safe: the simulation runs every request on one thread, with invokers
 * that complete synchronously, so the router never arms a real timer.
 */
final class SimulatedTicker implements Ticker, InstantSource {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private long nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return ORIGIN.plusNanos(nanos);
    }

    void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time cannot go back, was asked to advance by " + deltaNanos + " ns");
        }
        nanos += deltaNanos;
    }

    void advance(Duration delta) {
        advance(delta.toNanos());
    }
}
