package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.server.demo.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The catalogue's section in the doc, and a row: {@code | `detour_...` | type |}, where a timer's
     * type may list its series suffixes in backticks ({@code timer (`_count`, `_sum`, `_max`, `_bucket`)}).
     */
    private static final String CATALOGUE_HEADING = "## Metric catalogue";
    private static final Pattern CATALOGUE_ROW = Pattern.compile("^\\| `(detour_[a-z0-9_]+)` \\| ([^|]*)\\|");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    /** The series of a Micrometer timer without a histogram. */
    private static final List<String> TIMER_SUFFIXES = List.of("_count", "_sum", "_max");

    private static PrometheusText afterScriptedRun;

    @BeforeAll
    static void runEveryKindOfHealing(@TempDir Path dir) {
        afterScriptedRun = scriptedRun(dir);
    }

    /**
     * Serves an {@link ObservedSidecar} (config and graph written to {@code dir}) through every kind of
     * healing — a healthy call, a reroute, an escalation, a ladder demotion, a policy demotion — and
     * returns its {@code /metrics} then. About a second.
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
            detour.research("digest", "demoted by the policy");
            detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "digest", "status", "DEMOTED");
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
        return new TreeSet<>(catalogueTypes().keySet());
    }

    /**
     * The series names the catalogue promises: a counter or gauge by its name, a timer by its name
     * plus each suffix its type lists ({@code _count}, {@code _sum}, {@code _max} when it lists none).
     */
    static Set<String> cataloguedSampleNames() {
        Set<String> names = new TreeSet<>();
        catalogueTypes().forEach((family, type) -> {
            if (type.startsWith("timer")) {
                List<String> suffixes = new ArrayList<>();
                Matcher suffix = BACKTICKED.matcher(type);
                while (suffix.find()) {
                    suffixes.add(suffix.group(1));
                }
                (suffixes.isEmpty() ? TIMER_SUFFIXES : suffixes).forEach(s -> names.add(family + s));
            } else {
                names.add(family);
            }
        });
        return names;
    }

    /** The catalogue's rows: family name to its type column. */
    private static Map<String, String> catalogueTypes() {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inCatalogue = false;
        for (String line : observabilityDoc().split("\n")) {
            if (line.startsWith("## ")) {
                inCatalogue = line.startsWith(CATALOGUE_HEADING);
            }
            Matcher row = CATALOGUE_ROW.matcher(line);
            if (inCatalogue && row.find()) {
                rows.put(row.group(1), row.group(2).strip());
            }
        }
        return rows;
    }

    /** {@code docs/observability.md}, found from the module directory the tests run in, or above it. */
    private static String observabilityDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/observability.md");
            if (Files.isRegularFile(doc)) {
                try {
                    return Files.readString(doc);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("docs/observability.md not found above " + Path.of("").toAbsolutePath());
    }
}
