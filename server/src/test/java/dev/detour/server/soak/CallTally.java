package dev.detour.server.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the soak's calls came to, per tool: outcomes and a latency histogram. Thread-safe and of fixed
 * size once every tool has been seen (HdrHistogram), so keeping it does not blur the heap check.
 */
final class CallTally {

    /** Latencies are recorded in microseconds, up to this (a minute), with three significant digits. */
    private static final long HIGHEST_MICROS = 60_000_000L;
    /** Violations kept with their message for the report; the rest are only counted. */
    private static final int KEPT_VIOLATIONS = 20;

    /** One tool's share. */
    static final class ToolTally {
        final Histogram micros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        final Map<CallOutcome, LongAdder> outcomes = new EnumMap<>(CallOutcome.class);
        /** SERF errors by category. */
        final Map<String, LongAdder> serfCategories = new ConcurrentHashMap<>();

        ToolTally() {
            for (CallOutcome o : CallOutcome.values()) {
                outcomes.put(o, new LongAdder());
            }
        }

        long count(CallOutcome outcome) {
            return outcomes.get(outcome).sum();
        }

        long calls() {
            return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
        }

        /** The {@code q} quantile in milliseconds. */
        double millis(double q) {
            return micros.getValueAtPercentile(q * 100) / 1000.0;
        }
    }

    private final Map<String, ToolTally> tools = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong cancelsSent = new AtomicLong();
    private final List<String> violations = new ArrayList<>();
    private final AtomicLong violationCount = new AtomicLong();

    /** Counts a call as sent, before it is. */
    void markSent() {
        sent.incrementAndGet();
    }

    void record(String tool, SoakSession.Call call) {
        ToolTally tally = tools.computeIfAbsent(tool, t -> new ToolTally());
        tally.outcomes.get(call.outcome()).increment();
        if (call.outcome() == CallOutcome.SERF_ERROR) {
            tally.serfCategories.computeIfAbsent(call.result().path("structuredContent").path("category").asText(), c -> new LongAdder())
                    .increment();
        }
        tally.micros.recordValue(Math.min(HIGHEST_MICROS, call.nanos() / 1000));
        if (call.cancelled()) {
            cancelsSent.incrementAndGet();
        }
        if (call.outcome() != CallOutcome.HUNG && call.outcome() != CallOutcome.UNANSWERED) {
            answered.incrementAndGet();
        }
        if (call.outcome() == CallOutcome.VIOLATION || call.outcome() == CallOutcome.HUNG || call.outcome() == CallOutcome.UNANSWERED) {
            violationCount.incrementAndGet();
            synchronized (violations) {
                if (violations.size() < KEPT_VIOLATIONS) {
                    violations.add(tool + ": " + call.detail());
                }
            }
        }
    }

    long sentCount() {
        return sent.get();
    }

    long answered() {
        return answered.get();
    }

    long cancelsSent() {
        return cancelsSent.get();
    }

    long violationCount() {
        return violationCount.get();
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    Map<String, ToolTally> tools() {
        return Map.copyOf(tools);
    }

    long count(CallOutcome outcome) {
        return tools.values().stream().mapToLong(t -> t.count(outcome)).sum();
    }

    long calls() {
        return tools.values().stream().mapToLong(ToolTally::calls).sum();
    }
}
