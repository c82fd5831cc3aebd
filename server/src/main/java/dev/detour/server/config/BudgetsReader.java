package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.router.RouterConfig;
import dev.detour.router.budget.BudgetConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code budgets} section into router-core's {@link RouterConfig} and its {@link
 * BudgetConfig}: call deadlines (ATBA) and the reroute limit. The records check the values.
 */
final class BudgetsReader {

    private static final List<String> KEYS = List.of("default", "max", "minStepTimeout", "quantile", "expectedLatency", "maxReroutes");
    /** The YAML keys that differ from the record components they set; a user contract, kept as they were. */
    private static final Map<String, String> KEY_OF = Map.of("defaultDeadline", "default", "maxDeadline", "max", "defaultExpectedLatency", "expectedLatency");
    private static final Map<String, String> FIXES = Map.of(
            "default", "give a positive budget of at most budgets.max, e.g. default: 30s",
            "max", "give a positive maximum of at least budgets.default, e.g. max: 5m",
            "quantile", "write e.g. quantile: 0.95 for p95",
            "maxReroutes", "write e.g. maxReroutes: 32");

    private final NodeReader r;

    BudgetsReader(NodeReader r) {
        this.r = r;
    }

    /** The routing configuration of the section; empty when it has problems. */
    Optional<RouterConfig> read(Entry section) {
        return Fields.of(r, section, KEYS).flatMap(f -> f.build(() -> {
            BudgetConfig.Builder budget = BudgetConfig.builder();
            RouterConfig.Builder routing = RouterConfig.builder();
            f.duration("default", budget::defaultDeadline);
            f.duration("max", budget::maxDeadline);
            f.duration("minStepTimeout", budget::minStepTimeout);
            f.number("quantile", budget::quantile);
            f.duration("expectedLatency", budget::defaultExpectedLatency);
            f.integer("maxReroutes", routing::maxReroutes);
            return routing.budget(budget.build()).build();
        }, KEY_OF, key -> FIXES.getOrDefault(key, "correct the values of 'budgets'")));
    }
}
