package dev.detour.router.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What happened while routing one request. Sealed, so consumers switch exhaustively.
 *
 * <p>Binary observability: every {@link StepFailed} is followed, for the same step, by exactly one
 * {@link Rerouted}, {@link Demoted} or {@link Escalated} — a failure is never skipped silently.
 */
public sealed interface RouteEvent permits StepSucceeded, StepFailed, Rerouted, Demoted, Escalated, Completed {

    /** The request's trace id. */
    String traceId();

    /** When it happened. */
    Instant at();

    /** The failed step this event resolves, or {@code null} for events that resolve none. */
    default @Nullable String resolves() {
        return null;
    }
}
