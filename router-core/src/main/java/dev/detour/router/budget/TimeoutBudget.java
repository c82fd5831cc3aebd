package dev.detour.router.budget;

import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * ATBA: one request's deadline, re-split over the remaining path before every step.
 *
 * <p>Each remaining step gets a share of the remaining time proportional to its tool's latency
 * quantile ({@link BudgetConfig#quantile()}), never less than {@link
 * BudgetConfig#minStepTimeout()} and never past the deadline. When the remaining time cannot cover
 * even the fastest plausible run of the remaining path — the sum over its steps of max(floor,
 * median latency; the floor for tools never observed) — the allocation says so up front, so the caller fails fast with
 * BUDGET_EXHAUSTED instead of timing out late.
 */
public final class TimeoutBudget {

    private final long deadlineNanos;
    private final Ticker ticker;
    private final BudgetConfig config;
    private final LatencySketches sketches;

    private TimeoutBudget(long deadlineNanos, Ticker ticker, BudgetConfig config, LatencySketches sketches) {
        this.deadlineNanos = deadlineNanos;
        this.ticker = ticker;
        this.config = config;
        this.sketches = sketches;
    }

    /** A budget of {@code budget} from now. */
    public static TimeoutBudget start(Duration budget, Ticker ticker, BudgetConfig config, LatencySketches sketches) {
        Objects.requireNonNull(budget, "budget");
        return new TimeoutBudget(ticker.nanos() + budget.toNanos(), ticker, config, sketches);
    }

    /** Time left before the deadline (zero when past it). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - ticker.nanos()));
    }

    /** The absolute deadline on the budget's ticker. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * The window of the next step, {@code remainingTools.get(0)}, given the tools still to run.
     *
     * @param remainingTools the tools of the remaining path, next one first (must not be empty)
     */
    public Allocation allocate(List<String> remainingTools) {
        return allocate(remainingTools, false);
    }

    /**
     * Like {@link #allocate(List)}, optionally keeping back time for one more attempt of the next
     * step elsewhere. With {@code reserveForReroute}, the next step's expected latency counts twice
     * in the split (once for the call, once for a reroute), so a step that hangs cannot consume the
     * time its alternative would need — the last step of a path would otherwise get everything left.
     * The reserve does not enter the fail-fast check: a reroute is a possibility, not a need.
     */
    public Allocation allocate(List<String> remainingTools, boolean reserveForReroute) {
        if (remainingTools.isEmpty()) {
            throw new IllegalArgumentException("remainingTools must not be empty");
        }
        long remaining = deadlineNanos - ticker.nanos();
        long floor = config.minStepTimeout().toNanos();
        double weightSum = 0;
        double fastest = 0;
        double first = 0;
        for (int i = 0; i < remainingTools.size(); i++) {
            String tool = remainingTools.get(i);
            double expected = expected(tool, config.quantile());
            double median = sketches.quantileNanos(tool, 0.5).orElse(0); // unknown tools: assume the floor
            weightSum += expected;
            fastest += Math.max(floor, median);
            if (i == 0) {
                first = expected;
            }
        }
        if (remaining <= 0 || remaining < fastest) {
            return new Allocation.Exhausted(Duration.ofNanos(Math.max(0, remaining)), Duration.ofNanos((long) fastest));
        }
        if (reserveForReroute) {
            weightSum += first;
        }
        long share = (long) (remaining * (first / weightSum));
        long window = Math.min(remaining, Math.max(floor, share));
        return new Allocation.Window(Duration.ofNanos(window));
    }

    private double expected(String tool, double q) {
        return sketches.quantileNanos(tool, q).orElse(config.defaultExpectedLatency().toNanos());
    }

    /** The outcome of {@link #allocate}. */
    public sealed interface Allocation {

        /** The next step may take at most {@code timeout}. */
        record Window(Duration timeout) implements Allocation {
        }

        /** Not even the fastest plausible run fits: {@code remaining} left, {@code needed} required. */
        record Exhausted(Duration remaining, Duration needed) implements Allocation {
        }
    }
}
