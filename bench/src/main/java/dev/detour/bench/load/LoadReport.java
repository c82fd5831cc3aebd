package dev.detour.bench.load;

import dev.detour.bench.load.client.LoadResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables of one {@link LoadBench} run, in Markdown: per open-loop rate the latency percentiles of
 * every target next to its family's direct route (ratio and added milliseconds), then saturation
 * throughput as a ratio to direct, with the CPU each process spent per call.
 *
 * @param options    the run's settings
 * @param machine    the machine, at the start
 * @param loadAtEnd  the load average at the end
 * @param node       the Node version, null when Node was not used
 * @param results    per target, families' direct routes first
 * @param notMeasured targets left out, with the reason
 */
public record LoadReport(LoadOptions options, MachineInfo machine, String loadAtEnd, String node, List<TargetResult> results,
        Map<String, String> notMeasured) {

    /** The section of bench/README.md the tables go into. */
    public static final String SECTION = "load-tables";
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    public LoadReport {
        results = List.copyOf(results);
        notMeasured = Collections.unmodifiableMap(new LinkedHashMap<>(notMeasured));
    }

    /** The direct route's result of {@code family}. @throws IllegalStateException when the run has none */
    public TargetResult direct(String family) {
        return results.stream().filter(r -> r.target().family().equals(family) && r.target().route() == Route.DIRECT).findFirst()
                .orElseThrow(() -> new IllegalStateException("no direct baseline for " + family));
    }

    /** The result of target {@code id} ({@code FAMILY/ROUTE}), or null. */
    public TargetResult result(String id) {
        return results.stream().filter(r -> r.target().id().equals(id)).findFirst().orElse(null);
    }

    /** Saturation throughput of {@code id} divided by its family's direct route's. */
    public double throughputRatio(String id) {
        TargetResult r = result(id);
        return r.saturation().result().throughput() / direct(r.target().family()).saturation().result().throughput();
    }

    /** The report in Markdown: header, one table per rate, the saturation table. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(machine.startedAtText()).append(" · ").append(machine.describe()).append(" · load average ")
                .append(machine.loadAtStart()).append(" at the start, ").append(loadAtEnd)
                .append(" at the end (the machine is shared: other engineers' builds ran at the same time, so the absolute "
                        + "figures are noisy; compare the ratios, measured in the same run)\n\n");
        md.append("Command: `").append(options.command()).append("`\n\n");
        md.append("Settings: ").append(options.warmup().toSeconds()).append(" s closed-loop warm-up per target, ")
                .append(seconds()).append(" s per phase × ").append(options.rounds()).append(" round(s), ")
                .append(options.connections()).append(" connections over ").append(options.sessions()).append(" MCP session(s) per target")
                .append(node == null ? "" : "; Node " + node + ", `mcp-proxy` " + LoadStack.MCP_PROXY_VERSION
                        + ", `@modelcontextprotocol/sdk` 1.32.2").append(".\n");
        for (int i = 0; i < options.rates().size(); i++) {
            md.append(openTable(i));
        }
        md.append(saturationTable());
        notMeasured.forEach((id, why) -> md.append("\nNot measured: ").append(id).append(" — ").append(why).append('\n'));
        md.append(targets());
        return md.toString();
    }

    /**
     * Issue 15's targets for the optimisation step (deliverable 2), as measured here: through
     * {@code detour proxy} ≥ 0.8× the direct throughput; a logical-tool call adds ≤ 150 µs at p50 and
     * ≤ 1 ms at p99 at 1,000 calls/s; ≥ 10× {@code mcp-proxy}'s throughput over stdio.
     */
    private String targets() {
        StringBuilder md = new StringBuilder("\n**Issue 15's targets** (same run, same upstream)\n\n");
        md.append("| upstream | target | measured | met |\n|---|---|---:|---|\n");
        int atThousand = options.rates().indexOf(1000.0);
        for (String family : results.stream().map(r -> r.target().family()).distinct().toList()) {
            TargetResult proxyHttp = result(family + "/" + Route.DETOUR_PROXY_HTTP.id());
            if (proxyHttp != null) {
                double ratio = throughputRatio(proxyHttp.target().id());
                md.append(row(family, "`detour proxy` → HTTP: throughput ≥ 0.8× direct", format("×%.2f", ratio), ratio >= 0.8));
            }
            TargetResult logical = result(family + "/" + Route.DETOUR_SERVE_LOGICAL.id());
            if (logical != null && atThousand >= 0) {
                LoadResult base = direct(family).open().get(atThousand).result();
                LoadResult l = logical.open().get(atThousand).result();
                double p50 = (l.millis(50) - base.millis(50)) * 1000;
                double p99 = l.millis(99) - base.millis(99);
                md.append(row(family, "logical tool at 1,000 calls/s: adds ≤ 150 µs at p50", format("%+.0f µs", p50), p50 <= 150));
                md.append(row(family, "logical tool at 1,000 calls/s: adds ≤ 1 ms at p99", format("%+.2f ms", p99), p99 <= 1));
            }
            TargetResult stdio = result(family + "/" + Route.DETOUR_PROXY_STDIO.id());
            TargetResult npm = result(family + "/" + Route.MCP_PROXY_STDIO.id());
            if (stdio != null && npm != null) {
                double ratio = stdio.saturation().result().throughput() / npm.saturation().result().throughput();
                md.append(row(family, "`detour proxy` → stdio: throughput ≥ 10× `mcp-proxy`'s", format("×%.1f", ratio), ratio >= 10));
            }
        }
        return md.toString();
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    private static String row(String family, String target, String measured, boolean met) {
        return "| " + family + " | " + target + " | " + measured + " | " + (met ? "met" : "**not met**") + " |\n";
    }

    private String seconds() {
        return String.format(Locale.ROOT, "%.1f", options.seconds().toMillis() / 1000.0).replace(".0", "");
    }

    private String openTable(int index) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n**Open loop at %,.0f calls/s** (latency from each call's intended send time, "
                + "coordinated omission corrected; ms, then × and + the same family's direct route)%n%n", options.rates().get(index)));
        md.append("| upstream | path | p50 | p90 | p99 | p99.9 | failed / not sent | CPU µs per call: path · upstream "
                + "| new upstream connections |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TargetResult r : results) {
            Phase phase = r.open().get(index);
            LoadResult base = direct(r.target().family()).open().get(index).result();
            md.append("| ").append(r.target().family()).append(" | ").append(r.target().label()).append(" | ");
            for (double p : PERCENTILES) {
                md.append(phase.result().succeeded() == 0 ? "no answers" : cell(phase.result().millis(p), base.millis(p),
                        r.target().route() == Route.DIRECT)).append(" | ");
            }
            md.append(phase.result().failed()).append(" / ").append(phase.result().notSent()).append(" | ")
                    .append(cpu(phase)).append(" | ").append(connections(phase)).append(" |\n");
        }
        double lag = results.stream().mapToDouble(r -> r.open().get(index).result().maxSendLag().toNanos() / 1e6).max().orElse(0);
        md.append(String.format(Locale.ROOT, "%nThe load generator sent every call at most %.1f ms after its intended time "
                + "(its own lateness, included in the latencies above).%n", lag));
        return md.toString();
    }

    private String saturationTable() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n**Saturation, closed loop, %d connections** (max throughput; latency from each call's send)%n%n",
                options.connections()));
        md.append("| upstream | path | calls/s | × direct | p50 ms | p99 ms | failed | CPU µs per call: path · upstream · load generator "
                + "| new upstream connections |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TargetResult r : results) {
            LoadResult s = r.saturation().result();
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | ×%.2f | %.3f | %.3f | %d | %s · %.0f | %s |%n", r.target().family(),
                    r.target().label(), s.throughput(), throughputRatio(r.target().id()), s.millis(50), s.millis(99), s.failed(),
                    cpu(r.saturation()), Phase.microsPerCall(r.saturation().generatorCpu(), s), connections(r.saturation())));
        }
        return md.toString();
    }

    private static String cell(double value, double base, boolean isBase) {
        if (isBase) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        return String.format(Locale.ROOT, "%.3f (×%.2f, %+.3f)", value, value / base, value - base);
    }

    private static String cpu(Phase phase) {
        String path = phase.serverCpu().isZero() ? "—" : String.format(Locale.ROOT, "%.0f", Phase.microsPerCall(phase.serverCpu(), phase.result()));
        return path + " · " + String.format(Locale.ROOT, "%.0f", Phase.microsPerCall(phase.upstreamCpu(), phase.result()));
    }

    private static String connections(Phase phase) {
        return phase.upstreamConnections() < 0 ? "—" : String.format(Locale.ROOT, "%,d", phase.upstreamConnections());
    }

    /** Target ids in report order, for messages. */
    public String ids() {
        return results.stream().map(r -> r.target().id()).collect(Collectors.joining(", "));
    }
}
