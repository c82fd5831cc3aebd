package dev.detour.bench.cluster;

import dev.detour.bench.load.MachineInfo;
import dev.detour.bench.load.client.LoadResult;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one {@link ClusterBench} run measured, as the Markdown of bench/README.md's generated section.
 *
 * @param machine     where and when it ran
 * @param loadAtEnd   the load average at the end
 * @param options     what it ran
 * @param propagation verdict travel times, one sample per receiving member and round
 * @param off         the sidecar's calls on a plain Vert.x
 * @param on          the same calls on a cluster member's Vert.x
 */
record ClusterReport(MachineInfo machine, String loadAtEnd, ClusterBenchOptions options, ClusterBench.Propagation propagation,
        LoadResult off, LoadResult on) {

    String markdown(String command) {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(machine.startedAtText()).append(" · ").append(machine.describe()).append(" · load average ")
                .append(machine.loadAtStart()).append(" at the start, ").append(loadAtEnd).append(" at the end (shared machine)\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Propagation: three members in one JVM on 127.0.0.1 (TCP/IP join, event bus over loopback TCP); "
                + "%d rounds after %d unrecorded ones, the origin taking turns; per round one sample per receiving member, from the origin's "
                + "monitor signal to the receiver's health view changing.%n%n", options.rounds(), ClusterBench.WARMUP_ROUNDS));
        md.append("| verdict | samples | p50 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        md.append(row("unavailable (A's verdict → B and C route around)", propagation.down()));
        md.append(row("recovered (A's HEALTHY → B and C route to it again)", propagation.recovery()));
        md.append(String.format(Locale.ROOT, "%nCost per call: a `DetourSidecar` with one logical tool over an in-process echo upstream that "
                + "answers at once, %d closed-loop callers on one MCP session; after one unrecorded phase, %d phases per mode alternating off "
                + "and on, each %.1f s warm-up then %.1f s measured, merged per mode; off: on a plain Vert.x, on: as the third member of the "
                + "cluster above.%n%n", options.workers(), options.pairs(), secs(options.warmup()), secs(options.seconds())));
        md.append("| clustering | calls | calls/s | p50 | p99 | failed |\n|---|---:|---:|---:|---:|---:|\n");
        md.append(callRow("off", off)).append(callRow("on", on));
        md.append(String.format(Locale.ROOT, "%nExtra cost per call with clustering on: p50 %+.0f µs, p99 %+.0f µs; throughput %+.1f %%.%n",
                (on.millis(50) - off.millis(50)) * 1000, (on.millis(99) - off.millis(99)) * 1000,
                (on.throughput() / off.throughput() - 1) * 100));
        return md.toString();
    }

    private static String row(String what, Histogram h) {
        return String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s |%n", what, h.getTotalCount(), ClusterBench.micros(h, 50),
                ClusterBench.micros(h, 99), String.format(Locale.ROOT, "%,.0f µs", h.getMaxValue() / 1_000.0));
    }

    private static String callRow(String mode, LoadResult r) {
        return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f µs | %,.0f µs | %,d |%n", mode, r.succeeded(), r.throughput(), r.millis(50) * 1000,
                r.millis(99) * 1000, r.failed());
    }

    private static double secs(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
