package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.server.demo.Fault;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric catalogue of {@code docs/observability.md} is a contract: after a scripted run that heals
 * in every way a sidecar can (a healthy call, a reroute, an escalation, a ladder demotion, a policy
 * demotion), the {@code detour_*} families its {@code /metrics} exposes are exactly the catalogue's.
 *
 * <p>For other checks (the Grafana dashboard's queries): {@code exposedMetricFamilies(scriptedRun(dir))}
 * and {@code exposedSampleNames(scriptedRun(dir))} are what a running sidecar really exposes.
 */
class MetricCatalogueTest {

    private static PrometheusText afterScriptedRun;

    @BeforeAll
    static void runEveryKindOfHealing(@TempDir Path dir) {
        afterScriptedRun = scriptedRun(dir);
    }

    /**
     * Serves an {@link ObservedSidecar} (config and graph written to {@code dir}) through every kind of
     * healing — a healthy call, a reroute, an escalation, a ladder demotion, a demotion the LLM decided
     * (a call to the scripted model, with tokens) and one its cached decision decided — and returns its
     * {@code /metrics} then. About a second.
     */
    static PrometheusText scriptedRun(Path dir) {
        try (ObservedSidecar detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS)) {
            detour.search("healthy call");
            detour.inject("search_a", Fault.DOWN);
            detour.search("rerouted");
            detour.inject("search_b", Fault.DOWN);
            detour.search("escalated");
            detour.upstreams.healAll();
            detour.inject("summariser", Fault.DOWN);
            detour.research("research", "demoted by the ladder");
            detour.research("digest", "demoted by the LLM");
            detour.research("digest", "demoted by the cached decision");
            detour.awaitMetric("detour_routes_seconds_count", 2, "graph", "digest", "status", "DEMOTED");
            return detour.scrape();
        }
    }

    @Test
    void aSidecarExposesExactlyTheCataloguedDetourFamilies() {
        assertThat(exposedMetricFamilies(afterScriptedRun)).isEqualTo(cataloguedFamilies());
    }

    @Test
    void everyDetourSeriesIsOneTheCatalogueRowsName() {
        assertThat(exposedSampleNames(afterScriptedRun)).isEqualTo(cataloguedSampleNames());
    }

    @Test
    void jvmProcessAndSystemMetricsAreExposedUnprefixed() {
        assertThat(afterScriptedRun.familiesStartingWith("jvm_")).isNotEmpty();
        assertThat(afterScriptedRun.familiesStartingWith("process_")).isNotEmpty();
        assertThat(afterScriptedRun.familiesStartingWith("system_")).isNotEmpty();
    }

    @Test
    void vertxsOwnHttpServerAndClientMetersShareTheSidecarsRegistry() {
        assertThat(afterScriptedRun.familiesStartingWith("vertx_http_server_")).isNotEmpty();
        assertThat(afterScriptedRun.familiesStartingWith("vertx_http_client_")).isNotEmpty();
    }

    /**
     * The {@code detour_*} metric families of a scrape, named as the catalogue names them: a timer is
     * one family ({@code detour_routes_seconds}), although Prometheus lists its {@code _max} gauge as
     * a family of its own.
     */
    static Set<String> exposedMetricFamilies(PrometheusText scrape) {
        Set<String> families = scrape.familiesStartingWith("detour_");
        Set<String> catalogued = new TreeSet<>(families);
        catalogued.removeIf(f -> f.endsWith("_max") && families.contains(f.substring(0, f.length() - "_max".length())));
        return catalogued;
    }

    /**
     * Every {@code detour_*} sample name of a scrape — what a PromQL query names: {@code _total} of
     * counters; {@code _bucket}, {@code _count}, {@code _sum}, {@code _max} of timers; gauges as they are.
     */
    static Set<String> exposedSampleNames(PrometheusText scrape) {
        Set<String> names = new TreeSet<>();
        scrape.samples().stream().map(PrometheusText.Sample::name).filter(n -> n.startsWith("detour_")).forEach(names::add);
        return names;
    }

    /** The first column of the doc's catalogue table. */
    static Set<String> cataloguedFamilies() {
        return new TreeSet<>(MetricCatalogue.read().keySet());
    }

    /**
     * The series names the catalogue promises: a counter or gauge by its name, a timer by its name
     * plus each suffix its type lists ({@code _count}, {@code _sum}, {@code _max} when it lists none).
     */
    static Set<String> cataloguedSampleNames() {
        Set<String> names = new TreeSet<>();
        MetricCatalogue.read().values().forEach(family -> names.addAll(family.seriesNames()));
        return names;
    }
}
