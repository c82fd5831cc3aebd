package dev.detour.router.internal;

/**
 * Per-request states of single vertices during one route computation: a step already done in the
 * request is reused (crossing it costs nothing and calls nothing, whatever its tool's health), a
 * step that would repeat an applied effect is blocked.
 */
@FunctionalInterface
public interface StepStates {

    /** Weighted by its tool's health, as usual. */
    int OPEN = 0;
    /** Done in this request: its output is reused, crossing it is free. */
    int REUSED = 1;
    /** Must not run in this request. */
    int BLOCKED = 2;

    /** No per-request state: every vertex open. */
    StepStates NONE = vertex -> OPEN;

    /** {@link #OPEN}, {@link #REUSED} or {@link #BLOCKED}. */
    int of(int vertex);
}
