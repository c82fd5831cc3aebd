package dev.detour.server.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus text format, parsed just enough for assertions: its metric families (the
 * {@code # TYPE} lines) and its samples. Hand-written because the Prometheus client ships writers, not
 * a parser, and the format is line-based.
 */
record PrometheusText(Map<String, String> families, List<Sample> samples) {

    /** One sample line: {@code name{label="value",...} value}. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    static PrometheusText parse(String scrape) {
        Map<String, String> families = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                families.put(type.group(1), type.group(2));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (sample.group(2) != null) {
                    Matcher label = LABEL.matcher(sample.group(2));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                }
                samples.add(new Sample(sample.group(1), labels, parseValue(sample.group(3))));
            }
        }
        return new PrometheusText(families, samples);
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The families whose names start with {@code prefix}, sorted. */
    Set<String> familiesStartingWith(String prefix) {
        return new TreeSet<>(families.keySet().stream().filter(f -> f.startsWith(prefix)).toList());
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labels} (pairs: key,
     * value, ...); 0 when there is none, as Prometheus reads an absent counter in a rate.
     *
     * @throws AssertionError when several samples match
     */
    double value(String name, String... labels) {
        List<Sample> matching = matching(name, labels);
        if (matching.size() > 1) {
            throw new AssertionError(matching.size() + " samples match " + name + " " + List.of(labels) + ": " + matching);
        }
        return matching.isEmpty() ? 0 : matching.getFirst().value();
    }

    /** Every sample named {@code name} whose labels include {@code labels} (pairs: key, value, ...). */
    List<Sample> matching(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && includes(s.labels(), labels)).toList();
    }

    private static boolean includes(Map<String, String> actual, String[] wanted) {
        for (int i = 0; i + 1 < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
