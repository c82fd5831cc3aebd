package dev.detour.graphs.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.ScenarioReport;
import dev.detour.graphs.scenario.ScenarioRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperCatalogTest {

    @Test
    void catalogHoldsNineteenScenariosOverTheThreeTopologies() {
        List<Scenario> scenarios = PaperCatalog.load();
        assertThat(scenarios).hasSize(19);
        assertThat(scenarios.stream().map(s -> s.graph().graph().name()).distinct())
                .containsExactly("support-ticket", "research-report", "price-lookup");
    }

    @Test
    void routerPassesEveryCatalogScenario() {
        ScenarioReport report = new ScenarioRunner().runAll(PaperCatalog.load());
        assertThat(report.allPassed()).as(report.toText()).isTrue();
    }
}
