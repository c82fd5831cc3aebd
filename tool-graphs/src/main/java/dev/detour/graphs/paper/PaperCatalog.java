package dev.detour.graphs.paper;

import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.ScenarioCatalog;
import java.util.List;

/**
 * The 19 scenarios of the paper's evaluation, reproduced over the three example graphs (7 on the
 * linear support-ticket pipeline, 6 on the research-report DAG, 6 on the price-lookup fan-out).
 * Bundled as {@code scenarios/paper/*.yaml}; {@code scenarios/paper/catalog.txt} lists them in order.
 */
public final class PaperCatalog {

    /** The class-path folder of the catalog. */
    public static final String FOLDER = ScenarioCatalog.PAPER;

    private PaperCatalog() {
    }

    /** The catalog's scenario sources, in order. */
    public static List<Source> sources() {
        return ScenarioCatalog.sources(FOLDER);
    }

    /** The catalog's scenarios, loaded and validated, in order. */
    public static List<Scenario> load() {
        return ScenarioCatalog.load(FOLDER);
    }
}
