package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric catalogue of {@code docs/observability.md}, read once for every test that holds something
 * to it: {@code MetricCatalogueTest} (what a running sidecar exposes) and {@code K8sManifestsTest}
 * (what the Grafana dashboard and the alert rules query).
 */
final class MetricCatalogue {

    /**
     * Micrometer's Prometheus timers always expose these series beside the family name; a catalogue
     * row that lists its suffixes (a histogram adds {@code _bucket}) says so instead.
     */
    static final Set<String> TIMER_SUFFIXES = Set.of("_count", "_sum", "_max");

    private static final String HEADING = "## Metric catalogue";
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    /** One row: the family as Prometheus shows it, the suffixes it exposes (none for a counter or gauge) and its labels. */
    record MetricFamily(String name, Set<String> suffixes, Set<String> labels) {

        /** The series a query can name: the family itself, or a timer's family plus each of its suffixes. */
        Set<String> seriesNames() {
            if (suffixes.isEmpty()) {
                return Set.of(name);
            }
            Set<String> names = new LinkedHashSet<>();
            suffixes.forEach(s -> names.add(name + s));
            return names;
        }
    }

    private MetricCatalogue() {
    }

    /** The catalogue of {@code docs/observability.md}, found from the module directory the tests run in, or above it. */
    static Map<String, MetricFamily> read() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/observability.md");
            if (Files.isRegularFile(doc)) {
                try {
                    return parse(Files.readString(doc));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("docs/observability.md not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The table under "## Metric catalogue": first column the backticked family name, second its type
     * (a timer may list its suffixes in backticks), third its labels — backticked names, each
     * optionally followed by a parenthesised note that lists values, not labels.
     */
    static Map<String, MetricFamily> parse(String doc) {
        int section = doc.indexOf(HEADING);
        assertThat(section).as("docs/observability.md has a 'Metric catalogue' section").isNotNegative();
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : doc.substring(section).split("\n")) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\|");
            Matcher name = BACKTICKED.matcher(cells[1]);
            if (cells.length < 4 || !name.find()) {
                continue;
            }
            String type = cells[2].trim();
            Set<String> suffixes = new LinkedHashSet<>(backticked(type));
            if (type.startsWith("timer") && suffixes.isEmpty()) {
                suffixes.addAll(TIMER_SUFFIXES);
            }
            Set<String> labels = new LinkedHashSet<>(backticked(cells[3].replaceAll("\\([^)]*\\)", "")));
            families.put(name.group(1), new MetricFamily(name.group(1), suffixes, labels));
        }
        assertThat(families).as("metric catalogue rows").isNotEmpty();
        return families;
    }

    private static List<String> backticked(String text) {
        return BACKTICKED.matcher(text).results().map(m -> m.group(1)).toList();
    }
}
