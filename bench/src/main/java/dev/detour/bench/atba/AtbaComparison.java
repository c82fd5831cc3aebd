package dev.detour.bench.atba;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.budget.BudgetConfig;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.event.Rerouted;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

/**
 * ATBA against fixed equal per-call timeouts of the same total (issue 6, "ATBA test"): a
 * deterministic simulation of chains of tool steps with heterogeneous latencies run through
 * router-core's {@link Router} on simulated time.
 *
 * <p>For each request budget (a multiple of the median chain time) and each {@link
 * TimeoutStrategy}, the same requests run with the same drawn latencies (request {@code i} draws
 * from seed {@code seed + i}); a fresh router, ticker and set of latency sketches serves each
 * (budget, strategy) pair, and the ATBA router first runs the warm-up requests so its sketches know
 * the tools. Usage: {@code AtbaComparison [requests] [seed]}, defaults {@value
 * ComparisonConfig#DEFAULT_REQUESTS} and {@value ComparisonConfig#DEFAULT_SEED}; prints a Markdown
 * table.
 */
public final class AtbaComparison {

    /**
     * The budget the router sees when a baseline strategy decides the windows: far beyond any
     * request's real budget, so router-core's own allocation never binds.
     */
    static final Duration UNBOUNDED_ROUTER_BUDGET = Duration.ofHours(1);

    private AtbaComparison() {
    }

    /** Every budget and strategy of one comparison, plus what ATBA's sketches believed at the end of each run. */
    public record Comparison(Duration medianChainTime, List<StrategyResult> results, Map<Double, Map<String, Quantiles>> atbaSketches) {
    }

    /** A tool's median (what the fail-fast check sums) and p95 (what weighs its share of the budget). */
    public record Quantiles(Duration p50, Duration p95) {
    }

    public static void main(String[] args) {
        ComparisonConfig.Builder builder = ComparisonConfig.builder();
        if (args.length > 0) {
            builder.requests(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            builder.seed(Long.parseLong(args[1]));
        }
        ComparisonConfig config = builder.build();
        ToolChain chain = ToolChain.DEFAULT;
        Comparison comparison = compare(chain, config);
        System.out.println(describe(chain, config, comparison));
        System.out.println(table(comparison));
        System.out.println(sketchTable(chain, config, comparison));
    }

    /** Runs every budget with every strategy. */
    public static Comparison compare(ToolChain chain, ComparisonConfig config) {
        long median = chain.medianChainNanos(config.requests(), config.seed());
        List<StrategyResult> results = new ArrayList<>();
        Map<Double, Map<String, Quantiles>> sketchQuantiles = new LinkedHashMap<>();
        for (double multiple : config.budgetMultiples()) {
            for (TimeoutStrategy strategy : TimeoutStrategy.values()) {
                LatencySketches sketches = new LatencySketches(BudgetConfig.DEFAULT_RELATIVE_ACCURACY);
                results.add(run(chain, strategy, multiple, median, config, sketches));
                if (strategy == TimeoutStrategy.ATBA) {
                    Map<String, Quantiles> quantiles = new LinkedHashMap<>();
                    for (String tool : chain.tools()) {
                        if (sketches.count(tool) > 0) {
                            quantiles.put(tool, new Quantiles(
                                    Duration.ofNanos((long) sketches.quantileNanos(tool, 0.5).orElseThrow()),
                                    Duration.ofNanos((long) sketches.quantileNanos(tool, BudgetConfig.DEFAULT_QUANTILE).orElseThrow())));
                        }
                    }
                    sketchQuantiles.put(multiple, quantiles);
                }
            }
        }
        return new Comparison(Duration.ofNanos(median), results, sketchQuantiles);
    }

    /**
     * Runs one strategy with one budget: warm-up (ATBA only), then the measured requests.
     *
     * @param medianChainNanos the median chain time the budget multiple refers to
     * @param sketches         the router's latency sketches, fresh; left as the run ends
     */
    static StrategyResult run(ToolChain chain, TimeoutStrategy strategy, double budgetMultiple, long medianChainNanos,
                              ComparisonConfig config, LatencySketches sketches) {
        Duration budget = Duration.ofNanos(Math.round(medianChainNanos * budgetMultiple));
        ManualClock ticker = new ManualClock();
        SimulatedUpstreams upstreams = new SimulatedUpstreams(ticker);
        ToolGraph graph = chain.graph();
        ToolInvoker invoker = switch (strategy) {
            case ATBA -> upstreams;
            case FIXED_EQUAL -> new FixedWindowInvoker(upstreams, budget.dividedBy(chain.stages().size()), upstreams::remainingNanos);
            case DEADLINE_ONLY -> new FixedWindowInvoker(upstreams, UNBOUNDED_ROUTER_BUDGET, upstreams::remainingNanos);
        };
        Router router = Router.builder(graph)
                .invoker(invoker)
                .config(RouterConfig.ofDefaults())
                .latencySketches(sketches)
                .ticker(ticker)
                .scheduler(ticker)
                .clock(ticker)
                .build();
        Duration routerBudget = strategy == TimeoutStrategy.ATBA ? budget : UNBOUNDED_ROUTER_BUDGET;
        if (strategy == TimeoutStrategy.ATBA) {
            Duration warmupBudget = Duration.ofNanos(Math.round(medianChainNanos * config.warmupBudgetMultiple()));
            for (int i = 0; i < config.warmupRequests(); i++) {
                long seed = config.seed() + ComparisonConfig.WARMUP_SEED_OFFSET + i;
                upstreams.begin(chain.draw(seed), ticker.nanos() + warmupBudget.toNanos());
                router.route(new RouteRequest(null, Map.of(), warmupBudget, "warmup-" + i));
            }
            upstreams.resetCounts();
        }
        long completed = 0;
        long exhausted = 0;
        long noRoute = 0;
        long reroutes = 0;
        long completedNanos = 0;
        for (int i = 0; i < config.requests(); i++) {
            long started = ticker.nanos();
            upstreams.begin(chain.draw(config.seed() + i), started + budget.toNanos());
            RouteResult result = router.route(new RouteRequest(null, Map.of(), routerBudget, "request-" + i));
            reroutes += result.events().stream().filter(e -> e instanceof Rerouted).count();
            if (result.status() == RouteResult.Status.COMPLETED) {
                completed++;
                completedNanos += ticker.nanos() - started;
            } else if (result.error() != null && result.error().category() == ErrorCategory.BUDGET_EXHAUSTED) {
                exhausted++;
            } else {
                noRoute++;
            }
        }
        SimulatedUpstreams.CallCounts counts = upstreams.counts();
        return new StrategyResult(strategy, budgetMultiple, budget, config.requests(), completed, exhausted, noRoute,
                counts.calls(), counts.timeouts(), counts.prematureTimeouts(), reroutes, completedNanos);
    }

    /** The setup in a few lines, for the top of the output. */
    static String describe(ToolChain chain, ComparisonConfig config, Comparison comparison) {
        return String.format(Locale.ROOT, "chain: %s; median chain time (primaries) %d ms; %,d requests per row (seeds %d..), "
                        + "%,d ATBA warm-up requests at %.0f× the median%n",
                chain.stages().stream().map(st -> st.name() + " (median " + st.latency().median().toMillis() + " ms, sigma "
                        + st.latency().sigma() + ", stall " + pct(st.latency().stallChance()) + " ×" + fmt(st.latency().stallFactor()) + ")").toList(),
                comparison.medianChainTime().toMillis(), config.requests(), config.seed(), config.warmupRequests(), config.warmupBudgetMultiple());
    }

    /** The results as a Markdown table, one row per budget and strategy. */
    static String table(Comparison comparison) {
        StringBuilder s = new StringBuilder();
        s.append("| budget | strategy | chains completed | premature timeouts / 100 req | all timeouts / 100 req | budget exhausted"
                + " | no route (both providers failed) | mean reroutes | mean time of a completed chain |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StrategyResult r : comparison.results()) {
            s.append(String.format(Locale.ROOT, "| %s× (%,d ms) | %s | %s | %.1f | %.1f | %s | %s | %.3f | %,d ms |%n",
                    fmt(r.budgetMultiple()), r.budget().toMillis(), r.strategy().label(), pct(r.completionRate()),
                    r.prematureTimeoutsPer100(), r.timeoutsPer100(), pct(r.budgetExhaustedRate()), pct(r.noRouteRate()),
                    r.meanReroutes(), r.meanCompletedChainTime().toMillis()));
        }
        return s.toString();
    }

    /**
     * ATBA's sketch median and p95 per primary tool at the end of each run, next to those of the
     * latencies drawn for the measured requests: the sketches see only calls that succeeded.
     */
    static String sketchTable(ToolChain chain, ComparisonConfig config, Comparison comparison) {
        Map<String, Quantiles> drawn = drawnQuantiles(chain, config);
        StringBuilder s = new StringBuilder("| tool | drawn p50 / p95 |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (double multiple : comparison.atbaSketches().keySet()) {
            s.append(" ATBA sketch p50 / p95 after the ").append(fmt(multiple)).append("× run |");
            rule.append("---:|");
        }
        s.append('\n').append(rule).append('\n');
        for (ToolChain.Stage stage : chain.stages()) {
            String tool = stage.primaryTool();
            s.append("| ").append(tool).append(" | ").append(ms(drawn.get(tool))).append(" |");
            for (Map<String, Quantiles> quantiles : comparison.atbaSketches().values()) {
                Quantiles q = quantiles.get(tool);
                s.append(' ').append(q == null ? "—" : ms(q)).append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String ms(Quantiles q) {
        return String.format(Locale.ROOT, "%,d / %,d ms", q.p50().toMillis(), q.p95().toMillis());
    }

    private static Map<String, Quantiles> drawnQuantiles(ToolChain chain, ComparisonConfig config) {
        Map<String, long[]> samples = new LinkedHashMap<>();
        for (String tool : chain.tools()) {
            samples.put(tool, new long[config.requests()]);
        }
        for (int i = 0; i < config.requests(); i++) {
            for (Entry<String, Long> e : chain.draw(config.seed() + i).entrySet()) {
                samples.get(e.getKey())[i] = e.getValue();
            }
        }
        Map<String, Quantiles> quantiles = new LinkedHashMap<>();
        for (Entry<String, long[]> e : samples.entrySet()) {
            long[] sorted = e.getValue().clone();
            Arrays.sort(sorted);
            quantiles.put(e.getKey(), new Quantiles(Duration.ofNanos(sorted[sorted.length / 2]),
                    Duration.ofNanos(sorted[(int) Math.min(sorted.length - 1, (long) (BudgetConfig.DEFAULT_QUANTILE * sorted.length))])));
        }
        return quantiles;
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
