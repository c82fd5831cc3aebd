package dev.detour.server.soak;

import dev.detour.server.upstream.UpstreamTransports;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak measured and whether its invariants held.
 *
 * @param options        how it ran
 * @param loadSeconds    the load phases' wall time together
 * @param tally          every soak call (both phases; the recovery checks not included)
 * @param baseline       the direct-versus-Detour latency comparison of the same run
 * @param passThrough    the pass-through tools the endpoint listed (none in the demo config)
 * @param injections     faults injected per phase
 * @param reloads        hot reloads applied, both phases
 * @param reroutes       {@code detour_reroutes_total} at the end
 * @param demotions      {@code detour_demotions_total} at the end
 * @param escalations    {@code detour_escalations_total} at the end
 * @param journal        invariant 3 on the route journal
 * @param recovery       per phase: how heal-all came back (cheap provider again, every tool healthy)
 * @param cheapAnswers   of the last {@code options.cheapCalls()} web_search calls, those search_a answered
 * @param heapAfterPhase1 heap used after phase 1, its sessions ended and a full GC, bytes
 * @param heapAfterPhase2 the same after phase 2
 * @param sessionsOpened agent sessions opened by the load
 * @param sessionsEnded  of those, the ones the endpoint confirmed ending (DELETE)
 * @param stopMillis     how long the sidecar's graceful stop took at the end
 * @param invariants     each invariant's verdict
 */
record SoakReport(SoakOptions options, double loadSeconds, CallTally tally, LatencyBaseline.Figures baseline, List<String> passThrough,
        long injections, long reloads, double reroutes, double demotions, double escalations, JournalCheck journal,
        List<SidecarSoak.Recovery> recovery, int cheapAnswers, long heapAfterPhase1, long heapAfterPhase2, long sessionsOpened, long sessionsEnded,
        long stopMillis, List<Invariant> invariants) {

    /** One invariant's verdict. */
    record Invariant(String name, boolean held, String detail) {}

    boolean passed() {
        return invariants.stream().allMatch(Invariant::held);
    }

    void print(PrintStream out) {
        out.printf("Sidecar soak: 2 identical phases x %d s, %d clients, seed %d, budget %d ms, cancel %.0f %%%n",
                options.phase().toSeconds(), options.clients(), options.seed(), options.budget().toMillis(), options.cancelShare() * 100);
        out.printf("chaos per phase: %d faults (DOWN/ERRORING/SLOW on a random upstream, healed 1-3 intervals later), reload every %d s;"
                + " reloads applied in all: %d%n", injections, options.reloadEvery().toSeconds(), reloads);
        out.printf("demo upstreams: one JDK HTTP server, keeping %s idle connections; Detour's upstream pool: %d per host%n",
                System.getProperty(SidecarSoak.JDK_IDLE_CONNECTIONS_PROPERTY, "200 (JDK default)"), UpstreamTransports.HTTP_POOL_SIZE);
        out.printf("pass-through tools exposed: %s%n", passThrough.isEmpty() ? "none (every demo upstream tool is a provider; hideProviders)"
                : passThrough);
        out.printf("%nload: %d calls in %.1f s = %.0f calls/s; sent %d, answered %d%n", tally.calls(), loadSeconds,
                tally.calls() / loadSeconds, tally.sentCount(), tally.answered());
        out.printf("outcomes: success %d, demoted %d, SERF error %d, cancelled %d (cancels sent %d), violations %d, unanswered %d,"
                + " hung %d%n", tally.count(CallOutcome.SUCCESS), tally.count(CallOutcome.DEMOTED), tally.count(CallOutcome.SERF_ERROR),
                tally.count(CallOutcome.CANCELLED), tally.cancelsSent(), tally.count(CallOutcome.VIOLATION),
                tally.count(CallOutcome.UNANSWERED), tally.count(CallOutcome.HUNG));
        out.printf("%n%-14s %8s %9s %9s %9s   %s%n", "tool (chaos)", "calls", "p50 ms", "p95 ms", "p99 ms", "success/demoted/SERF/cancelled");
        for (Map.Entry<String, CallTally.ToolTally> e : new TreeMap<>(tally.tools()).entrySet()) {
            CallTally.ToolTally t = e.getValue();
            out.printf("%-14s %8d %9.2f %9.2f %9.2f   %d/%d/%d/%d%n", e.getKey(), t.calls(), t.millis(0.5), t.millis(0.95), t.millis(0.99),
                    t.count(CallOutcome.SUCCESS), t.count(CallOutcome.DEMOTED), t.count(CallOutcome.SERF_ERROR), t.count(CallOutcome.CANCELLED));
        }
        out.printf("SERF errors by category:%n");
        for (Map.Entry<String, CallTally.ToolTally> e : new TreeMap<>(tally.tools()).entrySet()) {
            Map<String, Long> categories = new TreeMap<>();
            e.getValue().serfCategories.forEach((c, n) -> categories.put(c, n.sum()));
            out.printf("  %-14s %s%n", e.getKey(), categories);
        }
        out.printf("%nbaseline, same run, all healthy: search@search_a direct vs web_search through Detour%n");
        path(out, "sequential direct", baseline.directSequential());
        path(out, "sequential Detour", baseline.detourSequential());
        added(out, "sequential", baseline.directSequential(), baseline.detourSequential());
        path(out, "concurrent direct", baseline.directConcurrent());
        path(out, "concurrent Detour", baseline.detourConcurrent());
        added(out, "concurrent", baseline.directConcurrent(), baseline.detourConcurrent());
        out.printf("%nhealing (/metrics): reroutes %.0f, demotions %.0f, escalations %.0f; journal: %d StepFailed judged, %d resolved once%n",
                reroutes, demotions, escalations, journal.failures(), journal.resolved());
        for (int i = 0; i < recovery.size(); i++) {
            SidecarSoak.Recovery r = recovery.get(i);
            out.printf("phase %d heal-all: search_a answers web_search again after %d ms; tools not healthy then: %s%n", i + 1,
                    r.cheapMillis(), r.unhealthy().isEmpty() ? "none" : r.unhealthy());
        }
        out.printf("last %d web_search calls answered by search_a: %d%n", options.cheapCalls(), cheapAnswers);
        out.printf("heap after GC: after phase 1 %.1f MB, after phase 2 %.1f MB, growth %+.1f MB (limit %.1f MB)%n", mb(heapAfterPhase1),
                mb(heapAfterPhase2), mb(heapAfterPhase2 - heapAfterPhase1), mb(options.heapGrowthLimit()));
        out.printf("sessions: %d opened, %d ended by DELETE; graceful stop took %d ms%n", sessionsOpened, sessionsEnded, stopMillis);
        out.printf("%ninvariants:%n");
        invariants.forEach(i -> out.printf("  %s %s: %s%n", i.held() ? "PASS" : "FAIL", i.name(), i.detail()));
        tally.violations().forEach(v -> out.printf("  violation: %s%n", v));
        journal.problems().forEach(p -> out.printf("  journal: %s%n", p));
        out.printf("%nstep failures by cause (journal window, most frequent first):%n");
        journal.causes().forEach((cause, n) -> out.printf("  %6d  %s%n", n, cause));
        out.println(passed() ? "RESULT: PASS" : "RESULT: FAIL");
    }

    private static void path(PrintStream out, String name, LatencyBaseline.Path p) {
        out.printf("  %-18s p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms  %8.0f calls/s  failed %d%n", name, p.millis(0.5), p.millis(0.95),
                p.millis(0.99), p.callsPerSecond(), p.failures());
    }

    private static void added(PrintStream out, String name, LatencyBaseline.Path direct, LatencyBaseline.Path detour) {
        out.printf("  %-18s p50 %+7.3f ms (x%.2f)  p95 %+7.3f ms (x%.2f)  p99 %+7.3f ms (x%.2f)  throughput x%.2f%n", name + " added",
                detour.millis(0.5) - direct.millis(0.5), detour.millis(0.5) / direct.millis(0.5),
                detour.millis(0.95) - direct.millis(0.95), detour.millis(0.95) / direct.millis(0.95),
                detour.millis(0.99) - direct.millis(0.99), detour.millis(0.99) / direct.millis(0.99),
                detour.callsPerSecond() / direct.callsPerSecond());
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
