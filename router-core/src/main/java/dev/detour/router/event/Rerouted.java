package dev.detour.router.event;

import dev.detour.router.error.ErrorCategory;
import java.time.Instant;
import java.util.List;

/**
 * After {@code failedStep} failed, routing continues from {@code from} along {@code newPath}.
 *
 * @param cause the category of the failure that caused the reroute
 */
public record Rerouted(String traceId, Instant at, String failedStep, String from, List<String> newPath, ErrorCategory cause)
        implements RouteEvent {

    public Rerouted {
        newPath = List.copyOf(newPath);
    }

    @Override
    public String resolves() {
        return failedStep;
    }
}
