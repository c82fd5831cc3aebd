package dev.detour.graphs.paper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PaperBenchTest {

    private static PaperReport report;

    @BeforeAll
    static void runBench() {
        report = new PaperBench().runCatalog();
    }

    @Test
    void detourIsCorrectOnAllNineteenWithoutSilentFailures() {
        PaperReport.Totals detour = report.totals("detour");
        assertThat(detour.scenarios()).isEqualTo(19);
        assertThat(detour.correct()).as(report.toText()).isEqualTo(19);
        assertThat(detour.silentFailures()).isZero();
    }

    @Test
    void detourNeedsAtMostNineLlmCalls() {
        assertThat(report.totals("detour").llmCalls()).isLessThanOrEqualTo(9);
    }

    @Test
    void reactIsAsCorrectButAsksTheLlmForEveryDecision() {
        PaperReport.Totals react = report.totals("react");
        assertThat(react.correct()).isEqualTo(19);
        assertThat(react.silentFailures()).isZero();
        // at least one call per tool call plus a final answer per scenario
        assertThat(react.llmCalls()).isGreaterThanOrEqualTo(react.toolCalls() + react.scenarios());
        assertThat(react.llmCalls()).isGreaterThan(10 * report.totals("detour").llmCalls());
    }

    @Test
    void staticWorkflowFailsSilentlyOnlyUnderMultipleFailures() {
        assertThat(report.totals("static").silentFailures()).isPositive();
        for (PaperReport.Row row : report.rows()) {
            PaperReport.Cell staticCell = row.cells().get(report.strategies().indexOf("static"));
            if (staticCell.verdict().silentFailure()) {
                assertThat(row.scenario().faults()).as(row.scenario().name()).hasSizeGreaterThan(1);
            }
        }
    }

    @Test
    void staticWorkflowNeverCallsTheLlm() {
        assertThat(report.totals("static").llmCalls()).isZero();
    }

    @Test
    void jsonHasTheDocumentedShape() {
        java.util.Map<String, Object> json = report.toMap();
        assertThat(json).containsOnlyKeys("strategies", "scenarios");
        @SuppressWarnings("unchecked")
        java.util.List<java.util.Map<String, Object>> strategies = (java.util.List<java.util.Map<String, Object>>) json.get("strategies");
        assertThat(strategies).extracting(m -> m.get("name")).containsExactly("detour", "react", "static");
        assertThat(strategies).allSatisfy(m -> assertThat(m).containsOnlyKeys("name", "scenarios", "correct", "llmCalls", "silentFailures", "toolCalls"));
        assertThat((java.util.List<?>) json.get("scenarios")).hasSize(19);
    }

    @Test
    void benchIsDeterministic() {
        assertThat(new PaperBench().runCatalog().toMap()).isEqualTo(report.toMap());
    }
}
