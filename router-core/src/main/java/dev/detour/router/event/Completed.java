package dev.detour.router.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The request reached {@code goal} (the requested one, or a lesser one after demotion).
 *
 * @param trail every vertex completed, in order
 */
public record Completed(String traceId, Instant at, String goal, String requestedGoal, List<String> trail, Duration elapsed)
        implements RouteEvent {

    public Completed {
        trail = List.copyOf(trail);
    }
}
