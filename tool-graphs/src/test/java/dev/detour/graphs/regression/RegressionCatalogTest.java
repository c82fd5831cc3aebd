package dev.detour.graphs.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.detour.graphs.scenario.ScenarioCatalog;
import dev.detour.graphs.scenario.ScenarioReport;
import dev.detour.graphs.scenario.ScenarioResult;
import dev.detour.graphs.scenario.ScenarioRunner;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The router passes every scenario of the regression catalog: each one a reported incident, written from what must happen. */
class RegressionCatalogTest {

    private final ScenarioRunner runner = new ScenarioRunner();

    @TestFactory
    Stream<DynamicTest> everyRegressionScenarioPasses() {
        return ScenarioCatalog.load(ScenarioCatalog.REGRESSION).stream().map(scenario -> dynamicTest(scenario.name(), () -> {
            ScenarioResult result = runner.run(scenario);
            String report = new ScenarioReport(List.of(result)).toText();
            assertThat(result.passed()).as(report).isTrue();
        }));
    }
}
