package dev.detour.health.breaker;

import dev.detour.router.error.ErrorCategory;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The throwable Resilience4j's {@code onError} needs for a failed outcome. Detour's failures are
 * values, so there is no real exception to hand over; one shared, stackless instance per category
 * keeps recording a failure allocation-free.
 */
final class ToolFailureException extends RuntimeException {

    private static final Map<ErrorCategory, ToolFailureException> BY_CATEGORY = new EnumMap<>(ErrorCategory.class);

    static {
        for (ErrorCategory c : ErrorCategory.values()) {
            BY_CATEGORY.put(c, new ToolFailureException(c));
        }
    }

    private ToolFailureException(ErrorCategory category) {
        super("tool failed: " + category, null, false, false);
    }

    static ToolFailureException of(ErrorCategory category) {
        return Objects.requireNonNull(BY_CATEGORY.get(category), "filled for every category");
    }
}
