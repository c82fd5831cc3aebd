package dev.detour.graphs.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a set of scenario runs: pass/fail per scenario, and the route trace of each
 * failure.
 *
 * @param results one per scenario, in run order
 */
public record ScenarioReport(List<ScenarioResult> results) {

    public ScenarioReport {
        results = List.copyOf(results);
    }

    public long passed() {
        return results.stream().filter(ScenarioResult::passed).count();
    }

    public long failed() {
        return results.size() - passed();
    }

    public boolean allPassed() {
        return failed() == 0;
    }

    /** A human-readable report: one line per scenario, the trace under each failure, a summary line. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            RunRecord run = r.run();
            sb.append(r.passed() ? "PASS  " : "FAIL  ").append(r.scenario().name())
                    .append("  (").append(run.outcome().name().toLowerCase(Locale.ROOT))
                    .append(run.goal() == null ? "" : " " + run.goal())
                    .append(", ").append(run.toolCalls()).append(" tool calls, ").append(run.llmCalls()).append(" LLM calls, ")
                    .append(run.elapsed().toMillis()).append(" ms)\n");
            if (!r.passed()) {
                sb.append("      source: ").append(r.scenario().source()).append('\n');
                r.verdict().mismatches().forEach(m -> sb.append("      why:    ").append(m).append('\n'));
                sb.append("      trace:\n");
                run.trace().forEach(line -> sb.append("        ").append(line).append('\n'));
            }
        }
        sb.append(passed()).append(" passed, ").append(failed()).append(" failed\n");
        return sb.toString();
    }

    /** The report as plain maps and lists, for JSON. */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScenarioResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.scenario().name());
            row.put("source", r.scenario().source());
            row.put("passed", r.passed());
            row.put("outcome", r.run().outcome().name().toLowerCase(Locale.ROOT));
            row.put("goal", r.run().goal());
            row.put("toolCalls", r.run().toolCalls());
            row.put("callsByTool", r.run().callsByTool());
            row.put("llmCalls", r.run().llmCalls());
            row.put("elapsedMillis", r.run().elapsed().toMillis());
            row.put("mismatches", r.verdict().mismatches());
            row.put("trace", r.run().trace());
            rows.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", passed());
        m.put("failed", failed());
        m.put("scenarios", rows);
        return m;
    }
}
