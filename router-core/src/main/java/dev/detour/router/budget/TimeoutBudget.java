package dev.detour.router.budget;

import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
        return split(remainingTools, null);
    }

    /**
     * Like {@link #allocate(List)} for a step that could be rerouted to {@code alternativeTool} if it
     * fails: the alternative's expected latency is kept back in the split, so a step that hangs cannot
     * consume the time its alternative would need — unless both tools have been observed and the
     * remaining time does not carry a typical run (expected latencies at the configured quantile) of
     * the whole remaining path <em>and</em> of the alternative: then a second attempt that cannot
     * finish in time is worth less than a long first one, and no reserve is kept. With a reserve, the
     * window is also capped so that a hang leaves the alternative at least as long a window as it
     * took. The reserve never enters the fail-fast check: a reroute is a possibility, not a need.
     */
    public Allocation allocate(List<String> remainingTools, String alternativeTool) {
        return split(remainingTools, Objects.requireNonNull(alternativeTool, "alternativeTool"));
    }

    private Allocation split(List<String> remainingTools, @Nullable String alternativeTool) {
        if (remainingTools.isEmpty()) {
            throw new IllegalArgumentException("remainingTools must not be empty");
        }
        long remaining = deadlineNanos - ticker.nanos();
        long floor = config.minStepTimeout().toNanos();
        double weightSum = 0;
        double fastest = 0;
        double first = 0;
        double fastestFirst = 0;
        for (int i = 0; i < remainingTools.size(); i++) {
            String tool = remainingTools.get(i);
            double expected = expected(tool);
            double fastestRun = fastestRunNanos(tool);
            weightSum += expected;
            fastest += fastestRun;
            if (i == 0) {
                first = expected;
                fastestFirst = fastestRun;
            }
        }
        if (remaining <= 0 || remaining < fastest) {
            return new Allocation.Exhausted(Duration.ofNanos(Math.max(0, remaining)), Duration.ofNanos((long) fastest));
        }
        boolean reserveKept = false;
        double reserve = 0;
        if (alternativeTool != null) {
            reserve = expected(alternativeTool);
            // Without observations of both tools nothing says a second attempt could not finish, and a
            // hang is as likely as anything: hedge. With them, keep the reserve only if it can be used.
            boolean unobserved = sketches.count(remainingTools.get(0)) == 0 || sketches.count(alternativeTool) == 0;
            if (unobserved || remaining >= weightSum + reserve) {
                weightSum += reserve;
                reserveKept = true;
            }
        }
        double share = remaining * (first / weightSum);
        if (reserveKept) {
            // A hang must leave its alternative at least the window it took: after a hang of w the
            // alternative's share of what is left is (remaining - w) * reserve / (reserve + rest), which
            // is >= w exactly when w <= remaining * reserve / (2 * reserve + rest).
            double rest = weightSum - reserve - first;
            share = Math.min(share, remaining * reserve / (2 * reserve + rest));
        }
        share = Math.max(floor, share);
        if (!reserveKept) {
            // A short budget cuts every share below its step's expected latency; a step may still have
            // up to that latency as long as the rest of the path keeps its fastest run: time a fast
            // step leaves unused flows to the next split, so a generous window for it costs little.
            share = Math.max(share, Math.min(first, remaining - (fastest - fastestFirst)));
        }
        long window = (long) Math.min(remaining, share);
        return new Allocation.Window(Duration.ofNanos(window));
    }

    /**
     * The time a fastest plausible run of {@code tool} needs: max(floor, median latency), the floor for
     * a tool never observed — what the fail-fast check adds up.
     */
    public double fastestRunNanos(String tool) {
        return Math.max(config.minStepTimeout().toNanos(), sketches.quantileNanos(tool, 0.5).orElse(0));
    }

    private double expected(String tool) {
        return sketches.quantileNanos(tool, config.quantile()).orElse(config.defaultExpectedLatency().toNanos());
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
