package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.router.budget.BudgetConfig;
import java.time.Duration;

/**
 * The time budget of one healing call (ATBA): what the client asks for in {@code
 * params._meta["dev.detour/budget"]} — a positive whole number of milliseconds, capped at {@link
 * BudgetConfig#maxDeadline()} ({@code budgets.max}) — or else {@link BudgetConfig#defaultDeadline()}
 * ({@code budgets.default}).
 */
public final class BudgetHint {

    /** The {@code _meta} key of the budget hint. */
    public static final String META_KEY = "dev.detour/budget";

    private BudgetHint() {
    }

    /**
     * The budget of a {@code tools/call} with these params.
     *
     * @param params the request's {@code params} (may be {@code null})
     * @throws IllegalArgumentException when the hint is present but not a positive whole number of milliseconds
     */
    public static Duration of(JsonNode params, BudgetConfig budget) {
        JsonNode hint = params == null ? null : params.path("_meta").get(META_KEY);
        if (hint == null || hint.isNull()) {
            return budget.deadlineFor(null);
        }
        if (!hint.isIntegralNumber() || !hint.canConvertToLong() || hint.longValue() <= 0) {
            throw new IllegalArgumentException("_meta \"" + META_KEY + "\" must be a positive whole number of milliseconds, got " + hint);
        }
        return budget.deadlineFor(Duration.ofMillis(hint.longValue()));
    }
}
