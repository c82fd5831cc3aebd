package dev.detour.health.outlier;

import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.health.OutcomeKind;
import dev.detour.router.exec.ToolOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ejects a provider whose error rate is far above its peers' — the other providers of the same
 * capability — in the manner of Envoy's outlier detection.
 *
 * <p>Every {@link OutlierConfig#interval()} the monitor compares, per capability, the calls of the
 * interval. A provider with at least {@link OutlierConfig#minimumRequests()} calls is ejected
 * (UNAVAILABLE) when its error rate exceeds the pooled rate of the peers that also had enough calls by
 * {@link OutlierConfig#errorRateMargin()}; when no peer had enough calls (routing sends a capability's
 * traffic to its cheapest provider, so peers are often idle) it is ejected when its error rate reaches
 * {@link OutlierConfig#failureRateThreshold()}. Worst rates are ejected first, and never more than
 * {@link OutlierConfig#maxEjected(int)} providers of a capability at once.
 *
 * <p>An ejection lasts base × n (capped), where n counts consecutive ejections; when it ends the
 * provider is reinstated automatically and judged afresh. n drops by one for every interval in which
 * the provider carried enough calls without being an outlier, so a provider that keeps relapsing stays
 * out longer and longer, and one that recovered is soon forgiven.
 *
 * <p>Not thread-safe; the {@link dev.detour.health.MonitorRunner} confines it to its lane.
 */
public final class OutlierMonitor implements HealthMonitor {

    /** The monitor's name in signals and events. */
    public static final String NAME = "outlier";

    private static final long NOT_EJECTED = Long.MIN_VALUE;

    private final OutlierConfig config;
    private final Map<String, Stats> stats = new TreeMap<>();
    private MonitorContext context;
    private long nextSweep;

    public OutlierMonitor(OutlierConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        config.capabilities().values().forEach(tools -> tools.forEach(tool -> stats.put(tool, new Stats())));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(MonitorContext context) {
        this.context = context;
        this.nextSweep = context.ticker().nanos() + config.interval().toNanos();
    }

    @Override
    public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        Stats s = stats.get(tool);
        if (s == null || s.ejectedUntil != NOT_EJECTED) {
            return;
        }
        switch (OutcomeKind.of(outcome)) {
            case SUCCESS -> s.successes++;
            case FAILURE -> s.failures++;
            case IGNORED -> {
                // not the provider's fault
            }
        }
    }

    @Override
    public void evaluate(long nowNanos) {
        stats.forEach((tool, s) -> {
            if (s.ejectedUntil != NOT_EJECTED && nowNanos - s.ejectedUntil >= 0) {
                s.ejectedUntil = NOT_EJECTED;
                s.reset();
                context.withdraw(tool, "ejection ended; reinstated");
            }
        });
        if (nowNanos - nextSweep >= 0) {
            config.capabilities().forEach((capability, tools) -> sweep(capability, tools, nowNanos));
            nextSweep = nowNanos + config.interval().toNanos();
        }
    }

    /** True while {@code tool} is ejected. */
    public boolean ejected(String tool) {
        Stats s = stats.get(tool);
        return s != null && s.ejectedUntil != NOT_EJECTED;
    }

    /** How many consecutive ejections {@code tool} has behind it (the ejection-time multiplier). */
    public int timesEjected(String tool) {
        Stats s = stats.get(tool);
        return s == null ? 0 : s.timesEjected;
    }

    /** The counts of {@code tool}, one of the configured providers (each has its counts from the start). */
    private Stats stats(String tool) {
        return Objects.requireNonNull(stats.get(tool), tool);
    }

    private void sweep(String capability, Set<String> tools, long now) {
        List<String> judged = new ArrayList<>();
        int ejectedNow = 0;
        for (String tool : tools) {
            Stats s = stats(tool);
            if (s.ejectedUntil != NOT_EJECTED) {
                ejectedNow++;
            } else if (s.total() >= config.minimumRequests()) {
                judged.add(tool);
            }
        }
        judged.sort(Comparator.comparingDouble((String t) -> -stats(t).errorRate()).thenComparing(Comparator.naturalOrder()));
        int allowed = config.maxEjected(tools.size()) - ejectedNow;
        for (String tool : judged) {
            Stats s = stats(tool);
            long peerCalls = 0;
            long peerFailures = 0;
            for (String peer : judged) {
                if (!peer.equals(tool)) {
                    peerCalls += stats(peer).total();
                    peerFailures += stats(peer).failures;
                }
            }
            double rate = s.errorRate();
            boolean outlier;
            String comparison;
            if (peerCalls > 0) {
                double peerRate = (double) peerFailures / peerCalls;
                outlier = rate - peerRate >= config.errorRateMargin();
                comparison = String.format(Locale.ROOT, "error rate %.0f%% vs %.0f%% for the other providers of '%s'", rate * 100, peerRate * 100, capability);
            } else {
                outlier = rate >= config.failureRateThreshold();
                comparison = String.format(Locale.ROOT, "error rate %.0f%% with no busy peer in '%s' to compare with", rate * 100, capability);
            }
            if (outlier && allowed > 0) {
                allowed--;
                s.timesEjected++;
                long length = Math.min(config.baseEjectionTime().toNanos() * s.timesEjected, config.maxEjectionTime().toNanos());
                s.ejectedUntil = now + length;
                context.emit(HealthSignal.unavailable(tool, config.priority(), String.format(Locale.ROOT,
                        "ejected for %d s (ejection #%d): %s over %d calls", length / 1_000_000_000L, s.timesEjected, comparison, s.total()),
                        context.clock().instant()));
            } else if (!outlier && s.timesEjected > 0) {
                s.timesEjected--;
            }
        }
        for (String tool : tools) {
            stats(tool).reset();
        }
    }

    private static final class Stats {
        long successes;
        long failures;
        int timesEjected;
        long ejectedUntil = NOT_EJECTED;

        long total() {
            return successes + failures;
        }

        double errorRate() {
            long total = total();
            return total == 0 ? 0 : (double) failures / total;
        }

        void reset() {
            successes = 0;
            failures = 0;
        }
    }
}
