package dev.detour.graphs.scenario;

import dev.detour.graphs.loader.Source;
import java.util.Arrays;
import java.util.List;

/**
 * The scenario catalogs bundled on the class path: each is a folder with a {@code catalog.txt}
 * listing its scenario files in order ({@code #} starts a comment). {@code detour scenarios run
 * --catalog} runs {@link #BUNDLED}.
 */
public final class ScenarioCatalog {

    /** The 19 scenarios of the paper's evaluation (see {@code docs/paper-reproduction.md}). */
    public static final String PAPER = "scenarios/paper/";

    /** Scenarios from reported incidents, named after their issue: what must happen, written before the fix. */
    public static final String REGRESSION = "scenarios/regression/";

    /** Every bundled catalog, in run order. */
    public static final List<String> BUNDLED = List.of(PAPER, REGRESSION);

    private ScenarioCatalog() {
    }

    /** The scenario sources of the catalog in {@code folder} (a class-path folder ending in '/'), in order. */
    public static List<Source> sources(String folder) {
        String index = Source.classpath(folder + "catalog.txt").read();
        return Arrays.stream(index.split("\\R")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> Source.classpath(folder + l)).toList();
    }

    /** The scenario sources of every bundled catalog, in order. */
    public static List<Source> bundled() {
        return BUNDLED.stream().flatMap(folder -> sources(folder).stream()).toList();
    }

    /** The catalog's scenarios, loaded and validated, in order. @throws dev.detour.graphs.ConfigException when one is invalid */
    public static List<Scenario> load(String folder) {
        return sources(folder).stream().map(ScenarioLoader::load).toList();
    }
}
