package dev.detour.graphs.paper;

import dev.detour.graphs.scenario.RunRecord;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper table: per scenario and per strategy, correctness, control-plane LLM calls, silent
 * failures, tool calls and (simulated) wall time; and the aggregate per strategy.
 *
 * @param strategies strategy names, in column order
 * @param rows       one per scenario
 */
public record PaperReport(List<String> strategies, List<Row> rows) {

    public PaperReport {
        strategies = List.copyOf(strategies);
        rows = List.copyOf(rows);
    }

    /** One scenario under every strategy. */
    public record Row(Scenario scenario, List<Cell> cells) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /** One scenario under one strategy. */
    public record Cell(RunRecord run, Verdict verdict) {
    }

    /**
     * The aggregate of one strategy.
     *
     * @param name           strategy name
     * @param scenarios      scenarios run
     * @param correct        scenarios ending as expected
     * @param llmCalls       control-plane LLM calls, all scenarios
     * @param silentFailures scenarios with a failure neither rerouted nor escalated
     * @param toolCalls      tool calls, all scenarios
     * @param wallMillis     simulated wall time, all scenarios
     */
    public record Totals(String name, int scenarios, int correct, int llmCalls, int silentFailures, int toolCalls, long wallMillis) {
    }

    /** The aggregate per strategy, in column order. */
    public List<Totals> totals() {
        List<Totals> totals = new ArrayList<>();
        for (int i = 0; i < strategies.size(); i++) {
            int correct = 0;
            int llm = 0;
            int silent = 0;
            int tools = 0;
            long wall = 0;
            for (Row r : rows) {
                Cell c = r.cells().get(i);
                correct += c.verdict().correct() ? 1 : 0;
                silent += c.verdict().silentFailure() ? 1 : 0;
                llm += c.run().llmCalls();
                tools += c.run().toolCalls();
                wall += c.run().elapsed().toMillis();
            }
            totals.add(new Totals(strategies.get(i), rows.size(), correct, llm, silent, tools, wall));
        }
        return totals;
    }

    /** The totals of one strategy. @throws IllegalArgumentException for an unknown name */
    public Totals totals(String strategy) {
        return totals().stream().filter(t -> t.name().equals(strategy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no strategy '" + strategy + "' in " + strategies));
    }

    /** The table for a terminal. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-34s %-8s", "scenario", "topology"));
        for (String s : strategies) {
            sb.append(String.format(Locale.ROOT, " | %-22s", s + ": ok llm tools ms"));
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-34s %-8s", r.scenario().name(), r.scenario().graph().graph().topology().name().toLowerCase(Locale.ROOT)));
            for (Cell c : r.cells()) {
                String ok = c.verdict().correct() ? "yes" : c.verdict().silentFailure() ? "SILENT" : "no";
                sb.append(String.format(Locale.ROOT, " | %-6s %3d %5d %6d", ok, c.run().llmCalls(), c.run().toolCalls(), c.run().elapsed().toMillis()));
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT, "%-8s %9s %7s %9s %15s %10s %12s%n",
                "strategy", "scenarios", "correct", "LLM calls", "silent failures", "tool calls", "wall time ms"));
        for (Totals t : totals()) {
            sb.append(String.format(Locale.ROOT, "%-8s %9d %7d %9d %15d %10d %12d%n",
                    t.name(), t.scenarios(), t.correct(), t.llmCalls(), t.silentFailures(), t.toolCalls(), t.wallMillis()));
        }
        return sb.toString();
    }

    /**
     * The tables {@code docs/paper-reproduction.md} publishes, in Markdown: the totals per strategy,
     * then one row per scenario with "ok / LLM calls / tool calls" per strategy, where ok is
     * {@code yes}, {@code SILENT} (claimed success over a failure it skipped or never reported) or
     * {@code no (why)}. Deterministic: the same catalog always gives the same text.
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| strategy | scenarios | correct | control-plane LLM calls | silent failures | tool calls | simulated wall time |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Totals t : totals()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f s |%n", t.name(), t.scenarios(), t.correct(), t.llmCalls(),
                    t.silentFailures(), t.toolCalls(), t.wallMillis() / 1000.0));
        }
        sb.append("\nPer scenario, for each strategy: ok / control-plane LLM calls / tool calls (ok: yes = correct; SILENT = claimed success ")
                .append("while a failure was skipped or never reported; no = wrong, and how):\n\n");
        sb.append("| scenario | topology");
        strategies.forEach(name -> sb.append(" | ").append(name));
        sb.append(" |\n|---|---").append("|---".repeat(strategies.size())).append("|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.scenario().name()).append(" | ").append(r.scenario().graph().graph().topology().name().toLowerCase(Locale.ROOT));
            for (Cell c : r.cells()) {
                sb.append(" | ").append(ok(r.scenario(), c)).append(" / ").append(c.run().llmCalls()).append(" / ").append(c.run().toolCalls());
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    private static String ok(Scenario scenario, Cell c) {
        if (c.verdict().correct()) {
            return "yes";
        }
        if (c.verdict().silentFailure()) {
            return "SILENT";
        }
        RunRecord run = c.run();
        if (run.outcome() != scenario.expect().outcome() || !run.repeatedEffects().isEmpty()) {
            String ended = switch (run.outcome()) {
                case COMPLETED -> "completed";
                case DEMOTED -> "demoted to " + run.goal();
                case ESCALATED -> "escalated";
            };
            return "no (" + ended + (run.repeatedEffects().isEmpty() ? "" : ", effect repeated") + ")";
        }
        if (scenario.budget() != null && run.elapsed().compareTo(scenario.budget()) > 0) {
            return String.format(Locale.ROOT, "no (%.0f s, past the %.0f s budget)", run.elapsed().toMillis() / 1000.0, scenario.budget().toMillis() / 1000.0);
        }
        return "no (" + c.verdict().mismatches().getFirst() + ")";
    }

    /**
     * The table for machines: {@code {"strategies": [{name, scenarios, correct, llmCalls,
     * silentFailures, toolCalls}], "scenarios": [rows]}}.
     */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> strategyRows = new ArrayList<>();
        for (Totals t : totals()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("scenarios", t.scenarios());
            m.put("correct", t.correct());
            m.put("llmCalls", t.llmCalls());
            m.put("silentFailures", t.silentFailures());
            m.put("toolCalls", t.toolCalls());
            strategyRows.add(m);
        }
        List<Map<String, Object>> scenarioRows = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            Scenario s = r.scenario();
            m.put("name", s.name());
            m.put("topology", s.graph().graph().topology().name().toLowerCase(Locale.ROOT));
            m.put("graph", s.graph().graph().name());
            m.put("category", s.category());
            m.put("expected", s.expect().outcome().name().toLowerCase(Locale.ROOT) + (s.expect().goal() == null ? "" : " " + s.expect().goal()));
            Map<String, Object> results = new LinkedHashMap<>();
            for (int i = 0; i < strategies.size(); i++) {
                Cell c = r.cells().get(i);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("correct", c.verdict().correct());
                cell.put("silentFailure", c.verdict().silentFailure());
                cell.put("outcome", c.run().outcome().name().toLowerCase(Locale.ROOT) + (c.run().goal() == null ? "" : " " + c.run().goal()));
                cell.put("llmCalls", c.run().llmCalls());
                cell.put("toolCalls", c.run().toolCalls());
                cell.put("wallTimeMillis", c.run().elapsed().toMillis());
                cell.put("why", c.verdict().mismatches());
                results.put(strategies.get(i), cell);
            }
            m.put("results", results);
            scenarioRows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategies", strategyRows);
        out.put("scenarios", scenarioRows);
        return out;
    }
}
