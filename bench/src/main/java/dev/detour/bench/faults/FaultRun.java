package dev.detour.bench.faults;

import dev.detour.bench.load.client.Caller;
import dev.detour.bench.load.client.LoadResult;
import dev.detour.bench.load.fixture.FaultMode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One fault under steady load: healthy load until traffic is all on the cheapest provider
 * ({@value #HEALTHY_STREAK} calls in a row, at least the steady phase), the fault for its duration, the
 * heal, then the recovery phase; every call recorded, then reduced to a {@link FaultResult}.
 */
final class FaultRun {

    /** Calls in a row on the cheapest provider that show the system healthy before a fault. */
    static final int HEALTHY_STREAK = 20;
    /** The longest wait for that streak before a fault is injected anyway (and reported as started degraded). */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
    private static final String CHEAPEST = Providers.name(0);

    private final FaultOptions options;
    private final Providers providers;
    private final Vertx vertx;
    private final Context loop;
    private final Caller caller;
    private final PrintStream log;

    FaultRun(FaultOptions options, Providers providers, Vertx vertx, Context loop, Caller caller, PrintStream log) {
        this.options = options;
        this.providers = providers;
        this.vertx = vertx;
        this.loop = loop;
        this.caller = caller;
        this.log = log;
    }

    /** Injects {@code kind} under load and measures it. */
    FaultResult run(FaultKind kind) {
        RecordingLoad load = RecordingLoad.start(vertx, loop, caller, options.rate());
        pause(options.steady());
        boolean healthy = settle(load);
        long countedFrom = System.nanoTime(); // before the counters are read: every call sent from now on is counted on both sides
        long[] callsAtInject = providers.toolCalls();
        long injected = inject(kind);
        log.printf("%-12s injected%s%n", kind.id(), healthy ? "" : " (traffic was not all on " + CHEAPEST + " yet)");
        if (kind == FaultKind.FLAPPING) {
            flap(injected + options.fault().toNanos());
        } else {
            pause(options.fault());
        }
        long faultCountedUntil = System.nanoTime();
        long[] callsAtHeal = providers.toolCalls();
        heal(kind);
        long healed = System.nanoTime();
        log.printf("%-12s healed after %.1f s%n", kind.id(), (healed - injected) / 1e9);
        pause(options.recovery());
        List<CallRecord> records = load.stop().await();
        long[] callsAtEnd = providers.toolCalls();
        Map<String, Long> upstreamCalls = new TreeMap<>();
        long duringFault = 0;
        for (int i = 0; i < callsAtEnd.length; i++) {
            upstreamCalls.put(Providers.name(i), callsAtEnd[i] - callsAtInject[i]);
            duringFault += callsAtHeal[i] - callsAtInject[i];
        }
        writeRecords(options.workDir().resolve("records").resolve(kind.id() + ".csv"), records, injected, healed);
        FaultResult result = reduce(kind, healthy, records, countedFrom, injected, healed, upstreamCalls);
        long faultCalls = records.stream().filter(r -> r.sentNanos() >= countedFrom && r.sentNanos() < faultCountedUntil).count();
        return result.withFaultPhase(faultCalls, duringFault);
    }

    private boolean settle(RecordingLoad load) {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<CallRecord> recent = load.recent(HEALTHY_STREAK).await();
            if (recent.size() == HEALTHY_STREAK && recent.stream().allMatch(r -> r.succeeded() && CHEAPEST.equals(r.provider()))) {
                return true;
            }
            pause(Duration.ofMillis(100));
        }
        return false;
    }

    /** Injects {@code kind}; returns {@code System.nanoTime()} just before it took effect. */
    private long inject(FaultKind kind) {
        if (kind == FaultKind.HARD_KILL) {
            return providers.kill(0);
        }
        long now = System.nanoTime();
        if (kind == FaultKind.ALL_FAILING) {
            for (int i = 0; i < providers.count(); i++) {
                providers.mode(i, kind.mode());
            }
        } else {
            providers.mode(0, kind.mode());
        }
        return now;
    }

    private void flap(long until) {
        boolean down = true;
        while (System.nanoTime() < until) {
            pause(Duration.ofNanos(Math.min(options.flapHalfPeriod().toNanos(), Math.max(0, until - System.nanoTime()))));
            down = !down;
            providers.mode(0, down ? FaultMode.DOWN : FaultMode.HEALTHY);
        }
    }

    private void heal(FaultKind kind) {
        switch (kind) {
            case HARD_KILL -> providers.restart(0);
            case ALL_FAILING -> {
                for (int i = 0; i < providers.count(); i++) {
                    providers.mode(i, FaultMode.HEALTHY);
                }
            }
            default -> providers.mode(0, FaultMode.HEALTHY);
        }
    }

    /**
     * The figures of one fault from its calls: the window is every call sent from {@code countedFrom}
     * (when the providers' counters were read, just before the injection) to the end; reroutes are
     * timed from {@code injected}, the return to the cheapest provider from {@code healed}.
     */
    static FaultResult reduce(FaultKind kind, boolean healthy, List<CallRecord> records, long countedFrom, long injected, long healed,
            Map<String, Long> upstreamCalls) {
        List<CallRecord> window = records.stream().filter(r -> r.sentNanos() >= countedFrom).toList();
        Map<String, Long> categories = new TreeMap<>();
        long attempts = 0;
        Histogram duringFault = LoadResult.histogram();
        Long firstReroute = null;
        Long firstBack = null;
        long lastNotCheap = -1;
        long lag = 0;
        for (CallRecord r : window) {
            lag = Math.max(lag, r.sentNanos() - r.intendedNanos());
            if (!r.succeeded()) {
                categories.merge(r.failure(), 1L, Long::sum);
            }
            attempts += Math.max(0, r.attempts());
            if (r.intendedNanos() < healed) {
                duringFault.recordValue(Math.min(r.latencyNanos(), LoadResult.MAX_TRACKED_NANOS));
            }
            boolean onCheap = r.succeeded() && CHEAPEST.equals(r.provider());
            if (r.succeeded() && !onCheap && r.endNanos() >= injected) {
                firstReroute = min(firstReroute, r.endNanos() - injected);
            }
            if (r.intendedNanos() >= healed) {
                if (onCheap) {
                    firstBack = min(firstBack, r.endNanos() - healed);
                } else {
                    lastNotCheap = Math.max(lastNotCheap, r.endNanos() - healed);
                }
            }
        }
        long failures = categories.values().stream().mapToLong(Long::longValue).sum();
        CallRecord last = window.stream().max(Comparator.comparingLong(CallRecord::intendedNanos)).orElse(null);
        boolean endsOnCheap = last != null && last.succeeded() && CHEAPEST.equals(last.provider());
        Duration allBack = firstBack == null || !endsOnCheap ? null : Duration.ofNanos(Math.max(firstBack, lastNotCheap));
        return new FaultResult(kind, healthy, window.size(), failures, categories, nanos(firstReroute), nanos(firstBack), allBack,
                upstreamCalls, attempts, Duration.ofNanos(duringFault.getValueAtPercentile(99)), Duration.ofNanos(duringFault.getMaxValue()),
                Duration.ofNanos(lag), window.size(), upstreamCalls.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Every call of the run as CSV, times in milliseconds from the injection (the heal's time in the
     * header), for looking at a fault's timeline after the run.
     */
    private static void writeRecords(Path file, List<CallRecord> records, long injected, long healed) {
        StringBuilder csv = new StringBuilder("# heal at ms ").append(String.format(Locale.ROOT, "%.1f", (healed - injected) / 1e6))
                .append("\nintended_ms,sent_ms,end_ms,succeeded,provider,attempts,failure\n");
        records.stream().sorted(Comparator.comparingLong(CallRecord::intendedNanos)).forEach(r -> csv.append(String.format(Locale.ROOT,
                "%.2f,%.2f,%.2f,%b,%s,%d,%s%n", (r.intendedNanos() - injected) / 1e6, (r.sentNanos() - injected) / 1e6,
                (r.endNanos() - injected) / 1e6, r.succeeded(),
                r.provider() == null ? "" : r.provider(), r.attempts(), r.failure() == null ? "" : r.failure())));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Long min(Long current, long candidate) {
        return current == null ? candidate : Math.min(current, candidate);
    }

    private static Duration nanos(Long nanos) {
        return nanos == null ? null : Duration.ofNanos(nanos);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
