package dev.detour.graphs.paper;

import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.ScenarioLoader;
import java.util.Arrays;
import java.util.List;

/**
 * The 19 scenarios of the paper's evaluation, reproduced over the three example graphs (7 on the
 * linear support-ticket pipeline, 6 on the research-report DAG, 6 on the price-lookup fan-out).
 * Bundled as {@code scenarios/paper/*.yaml}; {@code scenarios/paper/catalog.txt} lists them in order.
 */
public final class PaperCatalog {

    /** The class-path folder of the catalog. */
    public static final String FOLDER = "scenarios/paper/";

    private PaperCatalog() {
    }

    /** The catalog's scenario sources, in order. */
    public static List<Source> sources() {
        String index = Source.classpath(FOLDER + "catalog.txt").read();
        return Arrays.stream(index.split("\\R")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> Source.classpath(FOLDER + l)).toList();
    }

    /** The catalog's scenarios, loaded and validated, in order. */
    public static List<Scenario> load() {
        return sources().stream().map(ScenarioLoader::load).toList();
    }
}
