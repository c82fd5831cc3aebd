package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.health.MonitorRunnerConfig;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.latency.LatencySloConfig;
import dev.detour.health.outlier.OutlierConfig;
import dev.detour.health.probe.ProbeConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code monitors} section into health-monitors' own configuration records, one
 * sub-section per monitor; {@code enabled: false} switches one off. Outlier ejection's capability
 * groups are derived from the logical tools.
 */
final class MonitorsReader {

    private static final List<String> KEYS = List.of("breaker", "outlier", "latency", "probes", "runner");
    private static final List<String> BREAKER = List.of("enabled", "failureRateThreshold", "slowCallRateThreshold", "slowCallDuration",
            "slidingWindowType", "slidingWindowSize", "minimumNumberOfCalls", "waitInOpen", "permittedCallsInHalfOpen", "halfOpenPenalty");
    private static final List<String> OUTLIER = List.of("enabled", "interval", "minimumRequests", "errorRateMargin", "failureRateThreshold",
            "baseEjectionTime", "maxEjectionTime", "maxEjectedShare");
    private static final List<String> LATENCY = List.of("enabled", "quantile", "slo", "slos", "window", "subIntervals", "minimumSamples",
            "recoveryRatio", "maxPenalty");
    private static final List<String> PROBES = List.of("enabled", "interval", "timeout", "failureThreshold", "successThreshold");
    private static final List<String> RUNNER = List.of("mailboxCapacity", "evaluationInterval", "stallThreshold", "drainDelay");

    private final NodeReader r;
    private final List<LogicalToolConfig> logical;

    /** @param logical the logical tools read, whose providers outlier ejection compares */
    MonitorsReader(NodeReader r, List<LogicalToolConfig> logical) {
        this.r = r;
        this.logical = logical;
    }

    /** Every monitor on, with health-monitors' defaults and the logical tools' capabilities. */
    MonitorsConfig defaults() {
        OutlierConfig.Builder outlier = OutlierConfig.builder();
        capabilities(outlier);
        MonitorsConfig d = MonitorsConfig.ofDefaults();
        return new MonitorsConfig(d.breaker(), outlier.build(), d.latency(), d.probes(), d.runner());
    }

    /** The monitors of the section; empty when it has problems. */
    Optional<MonitorsConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        MonitorsConfig d = defaults();
        BreakerConfig breaker = f.has("breaker") ? monitor(f.get("breaker"), BREAKER, this::breaker) : d.breaker();
        OutlierConfig outlier = f.has("outlier") ? monitor(f.get("outlier"), OUTLIER, this::outlier) : d.outlier();
        LatencySloConfig latency = f.has("latency") ? monitor(f.get("latency"), LATENCY, this::latency) : d.latency();
        ProbeConfig probes = f.has("probes") ? monitor(f.get("probes"), PROBES, this::probes) : d.probes();
        MonitorRunnerConfig runner = f.has("runner") ? monitor(f.get("runner"), RUNNER, this::runner) : d.runner();
        return runner == null ? Optional.empty() : Optional.of(new MonitorsConfig(breaker, outlier, latency, probes, runner));
    }

    /**
     * The providers of one logical tool are interchangeable: outlier ejection compares them with each
     * other. An upstream tool may serve several logical tools, but health-monitors puts a tool in at
     * most one capability: it is compared within the first logical tool (in file order) that uses it,
     * and a capability left with fewer than two providers has nobody to compare and is not declared.
     */
    private void capabilities(OutlierConfig.Builder outlier) {
        Set<String> placed = new HashSet<>();
        for (LogicalToolConfig t : logical) {
            String[] peers = t.providers().stream().map(p -> p.binding().routerToolId()).filter(placed::add).toArray(String[]::new);
            if (peers.length >= 2) {
                outlier.capability(t.name(), peers);
            }
        }
    }

    /** Reads one monitor sub-section; null when it is switched off or has problems. */
    private <T> T monitor(Entry section, List<String> keys, Function<Fields, T> build) {
        Optional<Fields> fields = Fields.of(r, section, keys);
        if (fields.isEmpty()) {
            return null;
        }
        Fields f = fields.get();
        if (f.has("enabled") && !f.bool("enabled")) {
            return null;
        }
        return f.build(() -> build.apply(f), "correct the values of '" + section.path() + "'").orElse(null);
    }

    private BreakerConfig breaker(Fields f) {
        BreakerConfig d = BreakerConfig.ofDefaults();
        BreakerConfig.Builder b = BreakerConfig.builder();
        f.number("failureRateThreshold", v -> b.failureRateThreshold(v.floatValue()));
        f.number("slowCallRateThreshold", v -> b.slowCallRateThreshold(v.floatValue()));
        f.duration("slowCallDuration", b::slowCallDuration);
        SlidingWindowType type = f.has("slidingWindowType")
                ? f.choice("slidingWindowType", Map.of("count", SlidingWindowType.COUNT_BASED, "time", SlidingWindowType.TIME_BASED), d.slidingWindowType())
                : d.slidingWindowType();
        int size = f.has("slidingWindowSize") ? f.integer("slidingWindowSize", d.slidingWindowSize()) : d.slidingWindowSize();
        int minimum = f.has("minimumNumberOfCalls") ? f.integer("minimumNumberOfCalls", d.minimumNumberOfCalls()) : d.minimumNumberOfCalls();
        b.slidingWindow(type, size, minimum);
        f.duration("waitInOpen", b::waitInOpen);
        f.integer("permittedCallsInHalfOpen", b::permittedCallsInHalfOpen);
        f.number("halfOpenPenalty", b::halfOpenPenalty);
        return b.build();
    }

    private OutlierConfig outlier(Fields f) {
        OutlierConfig.Builder b = OutlierConfig.builder();
        capabilities(b);
        f.duration("interval", b::interval);
        f.integer("minimumRequests", b::minimumRequests);
        f.number("errorRateMargin", b::errorRateMargin);
        f.number("failureRateThreshold", b::failureRateThreshold);
        f.duration("baseEjectionTime", b::baseEjectionTime);
        f.duration("maxEjectionTime", b::maxEjectionTime);
        f.number("maxEjectedShare", b::maxEjectedShare);
        return b.build();
    }

    private LatencySloConfig latency(Fields f) {
        LatencySloConfig d = LatencySloConfig.ofDefaults();
        LatencySloConfig.Builder b = LatencySloConfig.builder();
        f.number("quantile", b::quantile);
        f.duration("slo", b::defaultSlo);
        if (f.has("slos")) {
            Entry slos = f.get("slos");
            r.mapping(slos.value(), slos.path(), null)
                    .ifPresent(m -> m.values().forEach(s -> r.duration(s.value(), s.path()).ifPresent(v -> b.slo(s.key(), v))));
        }
        if (f.has("window") || f.has("subIntervals")) {
            Duration window = f.has("window") ? f.duration("window").orElse(d.window()) : d.window();
            int pieces = f.has("subIntervals") ? f.integer("subIntervals", d.subIntervals()) : d.subIntervals();
            b.window(window, pieces);
        }
        f.integer("minimumSamples", b::minimumSamples);
        f.number("recoveryRatio", b::recoveryRatio);
        f.number("maxPenalty", b::maxPenalty);
        return b.build();
    }

    private ProbeConfig probes(Fields f) {
        ProbeConfig.Builder b = ProbeConfig.builder();
        f.duration("interval", b::interval);
        f.duration("timeout", b::timeout);
        f.integer("failureThreshold", b::failureThreshold);
        f.integer("successThreshold", b::successThreshold);
        return b.build();
    }

    private MonitorRunnerConfig runner(Fields f) {
        MonitorRunnerConfig.Builder b = MonitorRunnerConfig.builder();
        f.integer("mailboxCapacity", b::mailboxCapacity);
        f.duration("evaluationInterval", b::evaluationInterval);
        f.duration("stallThreshold", b::stallThreshold);
        f.duration("drainDelay", b::drainDelay);
        return b.build();
    }
}
