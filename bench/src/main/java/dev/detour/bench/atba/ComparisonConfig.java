package dev.detour.bench.atba;

import java.util.List;

/**
 * The settings of one ATBA comparison run. Immutable; build with {@link #builder()}.
 *
 * @param requests              measured requests per budget and strategy
 * @param warmupRequests        requests run through the ATBA router before measuring, to fill its latency sketches
 * @param seed                  the seed of request {@code i} is {@code seed + i}; warm-up requests use a disjoint range
 * @param budgetMultiples       request budgets, as multiples of the median chain time
 * @param warmupBudgetMultiple  the warm-up requests' budget, as a multiple of the median chain time
 */
public record ComparisonConfig(int requests, int warmupRequests, long seed, List<Double> budgetMultiples, double warmupBudgetMultiple) {

    /** 10,000 requests: a completion rate to ±1 percentage point (95 % CI) at worst. */
    public static final int DEFAULT_REQUESTS = 10_000;
    /** 1,000 warm-up requests: ~1,000 observations per primary tool, plenty for a p95. */
    public static final int DEFAULT_WARMUP_REQUESTS = 1_000;
    /** The seed the published table was produced with. */
    public static final long DEFAULT_SEED = 20_261_125L;
    /** 1.5×, 2×, 3× and 5× the median chain time: from tight to roomy. */
    public static final List<Double> DEFAULT_BUDGET_MULTIPLES = List.of(1.5, 2.0, 3.0, 5.0);
    /**
     * 10× the median chain time: warm-up calls almost never time out, so the sketches start from the
     * tools' real latency distribution rather than one already cut off by tight windows.
     */
    public static final double DEFAULT_WARMUP_BUDGET_MULTIPLE = 10.0;
    /** Offset of the warm-up seeds from the measured ones, far beyond any request count. */
    static final long WARMUP_SEED_OFFSET = 1L << 40;

    public ComparisonConfig {
        budgetMultiples = List.copyOf(budgetMultiples);
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, was " + requests);
        }
        if (warmupRequests < 0) {
            throw new IllegalArgumentException("warmupRequests must not be negative, was " + warmupRequests);
        }
        if (budgetMultiples.isEmpty() || budgetMultiples.stream().anyMatch(m -> !(m > 0))) {
            throw new IllegalArgumentException("budgetMultiples must be positive and not empty, were " + budgetMultiples);
        }
        if (!(warmupBudgetMultiple > 0)) {
            throw new IllegalArgumentException("warmupBudgetMultiple must be positive, was " + warmupBudgetMultiple);
        }
    }

    public static ComparisonConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the {@code DEFAULT_*} values. */
    public static final class Builder {
        private int requests = DEFAULT_REQUESTS;
        private int warmupRequests = DEFAULT_WARMUP_REQUESTS;
        private long seed = DEFAULT_SEED;
        private List<Double> budgetMultiples = DEFAULT_BUDGET_MULTIPLES;
        private double warmupBudgetMultiple = DEFAULT_WARMUP_BUDGET_MULTIPLE;

        public Builder requests(int v) {
            this.requests = v;
            return this;
        }

        public Builder warmupRequests(int v) {
            this.warmupRequests = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder budgetMultiples(List<Double> v) {
            this.budgetMultiples = v;
            return this;
        }

        public Builder warmupBudgetMultiple(double v) {
            this.warmupBudgetMultiple = v;
            return this;
        }

        public ComparisonConfig build() {
            return new ComparisonConfig(requests, warmupRequests, seed, budgetMultiples, warmupBudgetMultiple);
        }
    }
}
