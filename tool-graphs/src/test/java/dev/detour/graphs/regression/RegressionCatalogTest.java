package dev.detour.graphs.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.detour.graphs.scenario.ScenarioCatalog;
import dev.detour.graphs.scenario.ScenarioReport;
import dev.detour.graphs.scenario.ScenarioResult;
import dev.detour.graphs.scenario.ScenarioRunner;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The router passes every scenario of the regression catalog, except those pending a fix: a
 * pending scenario must still fail with its reported symptom, so the day the fix lands this test
 * says to take it off the pending list.
 */
class RegressionCatalogTest {

    /**
     * Pending router-core issue 10 (RouteExecutor: an effect happens at most once per request; ATBA
     * inside forks), by scenario, with the symptom each shows until then.
     */
    private static final Map<String, String> PENDING_ISSUE_10 = Map.of(
            "issue-10-checkout-no-double-charge", "effect repeated: output 'payment' was produced 2 times",
            "issue-10-checkout-ladder-no-second-payment", "expected no call to square.charge",
            "issue-10-dag-hanging-papers-fallback-gets-its-time", "expected completed, but the run escalated");

    private final ScenarioRunner runner = new ScenarioRunner();

    @TestFactory
    Stream<DynamicTest> everyRegressionScenarioPassesUnlessItsFixIsPending() {
        return ScenarioCatalog.load(ScenarioCatalog.REGRESSION).stream().map(scenario -> dynamicTest(scenario.name(), () -> {
            ScenarioResult result = runner.run(scenario);
            String report = new ScenarioReport(List.of(result)).toText();
            String symptom = PENDING_ISSUE_10.get(scenario.name());
            if (symptom == null) {
                assertThat(result.passed()).as(report).isTrue();
            } else {
                assertThat(result.passed())
                        .as(scenario.name() + " passes now: the router-core fix for issue 10 has landed; remove it from PENDING_ISSUE_10\n" + report)
                        .isFalse();
                assertThat(result.verdict().mismatches()).as(report).anyMatch(m -> m.contains(symptom));
            }
        }));
    }
}
