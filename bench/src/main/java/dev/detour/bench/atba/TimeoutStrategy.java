package dev.detour.bench.atba;

/** How each upstream call's window is chosen within one request's budget. */
public enum TimeoutStrategy {
    /** router-core as is: ATBA splits what is left in proportion to each tool's latency quantile. */
    ATBA("ATBA (router-core)"),
    /** Every call gets budget ÷ number of steps, cut short only by the request's deadline. */
    FIXED_EQUAL("fixed equal (budget ÷ steps)"),
    /**
     * Every call may run until the request's deadline: no per-call timeout at all. Not a policy
     * anyone should ship (a hung first call eats the whole budget) but the reference for how many
     * chains the budget could carry without rerouting.
     */
    DEADLINE_ONLY("deadline only (no per-call timeout)");

    private final String label;

    TimeoutStrategy(String label) {
        this.label = label;
    }

    /** The name used in the results table. */
    public String label() {
        return label;
    }
}
