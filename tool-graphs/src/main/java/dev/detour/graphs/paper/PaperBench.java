package dev.detour.graphs.paper;

import dev.detour.graphs.scenario.RunRecord;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's evaluation: every catalog scenario under every strategy, on the same mock tools,
 * judged by the same oracle ({@link Verdict}, without the router-only ladder/policy check).
 */
public final class PaperBench {

    private final List<Strategy> strategies;

    /** The three strategies of the paper: detour, react, static. */
    public PaperBench() {
        this(List.of(new DetourStrategy(), new ReactStrategy(), new StaticWorkflowStrategy()));
    }

    public PaperBench(List<Strategy> strategies) {
        this.strategies = List.copyOf(strategies);
    }

    /** Runs the bundled 19-scenario catalog. */
    public PaperReport runCatalog() {
        return run(PaperCatalog.load());
    }

    /** Runs the given scenarios under every strategy. */
    public PaperReport run(List<Scenario> scenarios) {
        List<PaperReport.Row> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<PaperReport.Cell> cells = new ArrayList<>();
            for (Strategy strategy : strategies) {
                RunRecord run = strategy.run(s);
                cells.add(new PaperReport.Cell(run, Verdict.judge(s, run, false)));
            }
            rows.add(new PaperReport.Row(s, cells));
        }
        return new PaperReport(strategies.stream().map(Strategy::name).toList(), rows);
    }
}
