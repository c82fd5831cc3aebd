package dev.detour.server.config;

import dev.detour.router.RouterConfig;
import dev.detour.router.budget.BudgetConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Time budgets of healing calls (ATBA) and the routing limits that go with them. Immutable; build
 * with {@link #builder()}.
 *
 * @param defaultBudget   a call's deadline when the client sends no budget hint
 * @param maxBudget       the largest budget a client hint may ask for; larger hints are capped
 * @param minStepTimeout  the floor of one upstream call's window
 * @param quantile        the latency quantile that weighs each step's share of the budget, in (0, 1)
 * @param expectedLatency the expected latency of an upstream tool never observed
 * @param maxReroutes     the most reroutes and demotions one call may go through
 */
public record BudgetsConfig(
        Duration defaultBudget,
        Duration maxBudget,
        Duration minStepTimeout,
        double quantile,
        Duration expectedLatency,
        int maxReroutes) {

    /** 30 s, as router-core's {@link BudgetConfig#DEFAULT_DEADLINE}. */
    public static final Duration DEFAULT_BUDGET = BudgetConfig.DEFAULT_DEADLINE;
    /**
     * 5 minutes: the upstream clients' own cap on one request ({@code UpstreamClientConfig}); a longer
     * budget could never be used.
     */
    public static final Duration DEFAULT_MAX_BUDGET = Duration.ofMinutes(5);
    /** 50 ms, as router-core's {@link BudgetConfig#DEFAULT_MIN_STEP_TIMEOUT}. */
    public static final Duration DEFAULT_MIN_STEP_TIMEOUT = BudgetConfig.DEFAULT_MIN_STEP_TIMEOUT;
    /** p95, as router-core's {@link BudgetConfig#DEFAULT_QUANTILE}. */
    public static final double DEFAULT_QUANTILE = BudgetConfig.DEFAULT_QUANTILE;
    /** 1 s, as router-core's {@link BudgetConfig#DEFAULT_EXPECTED_LATENCY}. */
    public static final Duration DEFAULT_EXPECTED_LATENCY = BudgetConfig.DEFAULT_EXPECTED_LATENCY;
    /** 32, as router-core's {@link RouterConfig#DEFAULT_MAX_REROUTES}. */
    public static final int DEFAULT_MAX_REROUTES = RouterConfig.DEFAULT_MAX_REROUTES;

    public BudgetsConfig {
        Objects.requireNonNull(defaultBudget, "defaultBudget");
        Objects.requireNonNull(maxBudget, "maxBudget");
        Objects.requireNonNull(minStepTimeout, "minStepTimeout");
        Objects.requireNonNull(expectedLatency, "expectedLatency");
        if (defaultBudget.compareTo(maxBudget) > 0) {
            throw new IllegalArgumentException("the default budget " + defaultBudget + " exceeds the maximum " + maxBudget);
        }
        routerConfig(defaultBudget, minStepTimeout, quantile, expectedLatency, maxReroutes); // validates the rest
    }

    public static BudgetsConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The router-core configuration these budgets mean. */
    public RouterConfig routerConfig() {
        return routerConfig(defaultBudget, minStepTimeout, quantile, expectedLatency, maxReroutes);
    }

    private static RouterConfig routerConfig(Duration deadline, Duration floor, double quantile, Duration expected, int maxReroutes) {
        BudgetConfig budget = BudgetConfig.builder()
                .defaultDeadline(deadline)
                .minStepTimeout(floor)
                .quantile(quantile)
                .defaultExpectedLatency(expected)
                .build();
        return RouterConfig.builder().budget(budget).maxReroutes(maxReroutes).build();
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private Duration defaultBudget = DEFAULT_BUDGET;
        private Duration maxBudget = DEFAULT_MAX_BUDGET;
        private Duration minStepTimeout = DEFAULT_MIN_STEP_TIMEOUT;
        private double quantile = DEFAULT_QUANTILE;
        private Duration expectedLatency = DEFAULT_EXPECTED_LATENCY;
        private int maxReroutes = DEFAULT_MAX_REROUTES;

        private Builder() {
        }

        public Builder defaultBudget(Duration v) {
            this.defaultBudget = v;
            return this;
        }

        public Builder maxBudget(Duration v) {
            this.maxBudget = v;
            return this;
        }

        public Builder minStepTimeout(Duration v) {
            this.minStepTimeout = v;
            return this;
        }

        public Builder quantile(double v) {
            this.quantile = v;
            return this;
        }

        public Builder expectedLatency(Duration v) {
            this.expectedLatency = v;
            return this;
        }

        public Builder maxReroutes(int v) {
            this.maxReroutes = v;
            return this;
        }

        public BudgetsConfig build() {
            return new BudgetsConfig(defaultBudget, maxBudget, minStepTimeout, quantile, expectedLatency, maxReroutes);
        }
    }
}
