package dev.detour.router;

import dev.detour.router.budget.BudgetConfig;
import java.util.Objects;

/**
 * Routing policy. Immutable; build with {@link #builder()}. An invalid value is rejected with an
 * {@link InvalidFieldException} naming the component.
 *
 * @param budget      how request deadlines are split over routes (ATBA)
 * @param maxReroutes the most reroutes and demotions one request may go through before it is
 *                    escalated; a guard against health flapping under a long request
 */
public record RouterConfig(BudgetConfig budget, int maxReroutes) {

    /** 32: far above any healthy request's need, low enough to stop a flapping loop quickly. */
    public static final int DEFAULT_MAX_REROUTES = 32;

    public RouterConfig {
        Objects.requireNonNull(budget, "budget");
        if (maxReroutes < 1) {
            throw new InvalidFieldException("maxReroutes", "maxReroutes must be at least 1, was " + maxReroutes);
        }
    }

    public static RouterConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private BudgetConfig budget = BudgetConfig.ofDefaults();
        private int maxReroutes = DEFAULT_MAX_REROUTES;

        public Builder budget(BudgetConfig v) {
            this.budget = v;
            return this;
        }

        public Builder maxReroutes(int v) {
            this.maxReroutes = v;
            return this;
        }

        /** @throws InvalidFieldException naming the first component whose value is not allowed */
        public RouterConfig build() {
            return new RouterConfig(budget, maxReroutes);
        }
    }
}
