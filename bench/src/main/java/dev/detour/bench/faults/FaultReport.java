package dev.detour.bench.faults;

import dev.detour.bench.load.MachineInfo;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The table of one {@link FaultBench} run, in Markdown, each fault's figures next to the issue's
 * targets: no client-visible failure while an alternative exists, and at most
 * {@value FaultResult#AMPLIFICATION_TARGET} upstream calls per client call even when every provider fails.
 *
 * @param options   the run's settings
 * @param machine   the machine, at the start
 * @param loadAtEnd the load average at the end
 * @param results   one per fault, in the order run
 */
record FaultReport(FaultOptions options, MachineInfo machine, String loadAtEnd, List<FaultResult> results) {

    /** The section of bench/README.md the table goes into. */
    static final String SECTION = "fault-table";

    FaultReport {
        results = List.copyOf(results);
    }

    /** Whether every fault met both targets. */
    boolean allMet() {
        return results.stream().allMatch(r -> r.failuresMet() && r.amplificationMet());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(machine.startedAtText()).append(" · ").append(machine.describe()).append(" · load average ")
                .append(machine.loadAtStart()).append(" at the start, ").append(loadAtEnd).append(" at the end (shared machine)\n\n");
        md.append("Command: `").append(options.command()).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Settings: %d providers of `echo` behind the logical tool `%s` (costs %s; `p1` is the cheapest), "
                + "each its own process answering after %d ms; %.0f calls/s of steady open-loop load, each with a %d ms budget; %.1f s of load "
                + "before the first fault; per fault ≥ %.1f s healthy (until %d calls in a row are on `p1`), %.1f s of fault, "
                + "%.1f s of recovery after the heal. Monitors:%n%n",
                options.providers(), FaultBench.LOGICAL_TOOL, costs(), options.latency().toMillis(), options.rate(),
                options.budget().toMillis(), secs(options.warmup()), secs(options.steady()), FaultRun.HEALTHY_STREAK, secs(options.fault()),
                secs(options.recovery())));
        md.append("```yaml\n").append(options.monitors().strip()).append("\n```\n\n");
        md.append("| fault | calls | client-visible failures | first reroute after the fault | back on `p1` after the heal: first call · all calls "
                + "| upstream calls per client call: during the fault · whole window | Detour attempts per call | p99 · max latency during the fault "
                + "| 0 failures | ≤ 1.2× |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (FaultResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s%s | %,d | %,d%s | %s | %s · %s | %.2f× · %.2f× | %.2f | %s · %s | %s | %s |%n",
                    r.kind().label(), r.startedHealthy() ? "" : " (started degraded)", r.calls(), r.failures(), categories(r),
                    ms(r.firstReroute()), ms(r.firstBackOnCheap()), ms(r.allBackOnCheap()), r.faultAmplification(), r.amplification(),
                    r.attemptsPerCall(), ms(r.p99DuringFault()),
                    ms(r.maxDuringFault()), r.kind().alternativeExists() ? (r.failuresMet() ? "met" : "**not met**") : "n/a (no alternative)",
                    r.amplificationMet() ? "met" : String.format(Locale.ROOT, "**not met** (+%.0f %%)",
                            (r.worstAmplification() / FaultResult.AMPLIFICATION_TARGET - 1) * 100)));
        }
        md.append("\nUpstream `tools/call` requests received in each window, by provider:\n\n");
        for (FaultResult r : results) {
            md.append("- ").append(r.kind().label()).append(": ").append(r.upstreamCalls().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(" · ")))
                    .append(String.format(Locale.ROOT, " (for %,d client calls)%n", r.calls()));
        }
        md.append(String.format(Locale.ROOT, "%nThe load generator sent every call at most %s after its due time (its own lateness, "
                + "included in the latencies).%n", ms(results.stream().map(FaultResult::maxGeneratorLag).max(Duration::compareTo)
                        .orElse(Duration.ZERO))));
        return md.toString();
    }

    private String costs() {
        return IntStream.range(0, options.providers()).mapToObj(i -> Providers.name(i) + " " + FaultBench.cost(i))
                .collect(Collectors.joining(", "));
    }

    private static String categories(FaultResult r) {
        return r.failureCategories().isEmpty() ? "" : " (" + r.failureCategories().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    private static String ms(Duration d) {
        if (d == null) {
            return "none";
        }
        double millis = d.toNanos() / 1e6;
        return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000) : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static double secs(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
