package dev.detour.graphs.scenario;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a fault script: which tool misbehaves, on which of its calls, and how.
 *
 * @param tool        the tool name
 * @param fromCall    the first affected call of that tool, 1-based (calls are counted per tool
 *                    over the whole scenario)
 * @param forCalls    how many calls are affected, or 0 for every call from {@code fromCall} on
 * @param kind        how it misbehaves
 * @param category    the SERF category of an {@link Kind#ERROR}
 * @param sideEffects whether the failed call may have acted: the {@code sideEffects} of the SERF
 *                    error of an {@link Kind#ERROR}, and of the TIMEOUT error that ends a
 *                    {@link Kind#TIMEOUT}, a {@link Kind#HANG} or a {@link Kind#LATENCY} past the
 *                    caller's window
 * @param latency     the answer's latency for {@link Kind#LATENCY}; the provider's own limit for {@link Kind#TIMEOUT}
 */
public record Fault(String tool, int fromCall, int forCalls, Kind kind, ErrorCategory category, SideEffects sideEffects, @Nullable Duration latency) {

    /** How long a {@link Kind#TIMEOUT} provider waits before answering with its own timeout error, by default. */
    public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(5);

    public Fault {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sideEffects, "sideEffects");
        if (fromCall < 1) {
            throw new IllegalArgumentException("fromCall must be at least 1, was " + fromCall);
        }
        if (forCalls < 0) {
            throw new IllegalArgumentException("forCalls must not be negative, was " + forCalls);
        }
    }

    /** True when this fault affects the {@code n}-th call (1-based) of its tool. */
    public boolean affects(int n) {
        return n >= fromCall && (forCalls == 0 || n < fromCall + forCalls);
    }

    /** How a tool misbehaves. */
    public enum Kind {
        /** Answers at once with a SERF error of the given category. */
        ERROR,
        /** The provider gives up after its own limit (or the caller's window, if shorter) with a TIMEOUT error. */
        TIMEOUT,
        /** Never answers: the caller's whole window passes, then the call times out. */
        HANG,
        /** Answers "successfully" with content that is not what the tool promises (an error page, missing fields). */
        MALFORMED,
        /** Answers correctly, but only after {@code latency}; a caller with a shorter window times out first. */
        LATENCY
    }
}
