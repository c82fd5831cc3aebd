package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the {@code budgets} section: call deadlines (ATBA) and the reroute limit. */
final class BudgetsReader {

    private static final List<String> KEYS = List.of("default", "max", "minStepTimeout", "quantile", "expectedLatency", "maxReroutes");

    private final NodeReader r;

    BudgetsReader(NodeReader r) {
        this.r = r;
    }

    /** The budgets of the section; empty when it has problems. */
    Optional<BudgetsConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        BudgetsConfig.Builder b = BudgetsConfig.builder();
        Duration defaultBudget = f.has("default") ? f.duration("default").orElse(null) : BudgetsConfig.DEFAULT_BUDGET;
        Duration max = f.has("max") ? f.duration("max").orElse(null) : BudgetsConfig.DEFAULT_MAX_BUDGET;
        if (defaultBudget != null && max != null) {
            if (defaultBudget.isZero()) {
                r.problem(f.get("default").value(), f.get("default").path(), "the default budget must be positive", "give a budget such as default: 30s");
            } else if (defaultBudget.compareTo(max) > 0) {
                Entry at = f.has("default") ? f.get("default") : f.get("max");
                r.problem(at.value(), at.path(), "the default budget " + text(defaultBudget) + " exceeds the maximum " + text(max),
                        "make budgets.default at most budgets.max");
            }
            b.defaultBudget(defaultBudget).maxBudget(max);
        }
        f.duration("minStepTimeout", b::minStepTimeout);
        f.number("quantile", v -> {
            if (!(v > 0 && v < 1)) {
                r.problem(f.get("quantile").value(), f.get("quantile").path(), "quantile " + v + " is outside (0, 1)", "write e.g. quantile: 0.95 for p95");
            }
            b.quantile(v);
        });
        f.duration("expectedLatency", b::expectedLatency);
        f.integer("maxReroutes", v -> {
            if (v < 1) {
                r.problem(f.get("maxReroutes").value(), f.get("maxReroutes").path(), "maxReroutes must be at least 1, was " + v, "write e.g. maxReroutes: 32");
            }
            b.maxReroutes(v);
        });
        if (r.problems().size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            r.problem(section.keyNode(), section.path(), e.getMessage(), "correct the values of 'budgets'");
            return Optional.empty();
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
