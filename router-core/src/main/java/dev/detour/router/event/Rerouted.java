package dev.detour.router.event;

import dev.detour.router.error.ErrorCategory;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * After {@code failedStep} failed, routing continues from {@code from} along {@code newPath}.
 * {@code failedStep} is {@code null} when the planned route runs into a tool that already failed
 * elsewhere in the same request (in another branch, say): that failure was resolved where it
 * happened, and this event logs the consequence here.
 *
 * @param cause the category of the failure that caused the reroute
 */
public record Rerouted(String traceId, Instant at, @Nullable String failedStep, String from, List<String> newPath, ErrorCategory cause)
        implements RouteEvent {

    public Rerouted {
        newPath = List.copyOf(newPath);
    }

    @Override
    public @Nullable String resolves() {
        return failedStep;
    }
}
