package dev.detour.graphs.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Expectation.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {

    private static final Path DIR = Path.of("src/test/resources/scenarios");
    private final ScenarioRunner runner = new ScenarioRunner();

    private static Scenario load(String file) {
        return ScenarioLoader.load(Source.file(DIR.resolve(file)));
    }

    private static Scenario catalog(String file) {
        return ScenarioLoader.load(Source.classpath("scenarios/paper/" + file));
    }

    @Test
    void scenarioWithAnInlineGraphPassesWhenTheRouterReroutes() {
        ScenarioResult result = runner.run(load("inline-pass.yaml"));
        assertThat(result.passed()).as(result.verdict().mismatches().toString()).isTrue();
        assertThat(result.run().succeededSteps()).containsExactly("backup");
    }

    @Test
    void failedScenarioReportShowsWhyAndTheRouteTrace() {
        ScenarioReport report = runner.runAll(List.of(load("inline-wrong-expectation.yaml")));
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.toText())
                .contains("FAIL  inline-wrong-expectation")
                .contains("expected to go via [primary]")
                .contains("FAILED    primary (search@brave): UPSTREAM_UNAVAILABLE")
                .contains("REROUTED  after primary")
                .contains("0 passed, 1 failed");
    }

    @Test
    void scenarioProblemsNameFileLineAndField() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("broken-scenario.yaml"));
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "budget"),
                org.assertj.core.groups.Tuple.tuple(6, "faults[0].tool"),
                org.assertj.core.groups.Tuple.tuple(7, "faults[1].fail"),
                org.assertj.core.groups.Tuple.tuple(9, "expect.goal"),
                org.assertj.core.groups.Tuple.tuple(10, "expect.via"));
        assertThat(e.problems()).allMatch(p -> p.file().endsWith("broken-scenario.yaml"));
    }

    @Test
    void scenarioMissingAnInputTheGraphReadsIsRejected() {
        String yaml = """
                graph: classpath:graphs/fanout/price-lookup.yaml
                inputs: {query: AirPods Pro 2}
                expect: {outcome: completed}
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ScenarioLoader.load(Source.text("no-upc.yaml", yaml)));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.field()).isEqualTo("inputs");
            assertThat(p.message()).contains("[upc]");
        });
    }

    @Test
    void hangingToolUsesItsWholeWindowThenTheRouterMovesOn() {
        // 02: OpenAI hangs; the first of four remaining steps has an alternative, so the 30 s budget is split
        // in five shares (one kept back for the reroute) and the hang costs one share
        RunRecord run = runner.execute(catalog("02-linear-llm-hang.yaml"));
        assertThat(run.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(run.elapsed().toMillis()).isEqualTo(6_000 + 4 * MockTools.DEFAULT_LATENCY.toMillis());
    }

    @Test
    void fanOutBranchesOverlapSoTheRegionTakesAsLongAsItsSlowestBranch() {
        String yaml = """
                graph:
                  name: two-quotes
                  start: s
                  steps:
                    s: {}
                    ask: {}
                    quote_a: {tool: a.quote, output: quote_a, branch: a, annotations: {readOnly: true}}
                    quote_b: {tool: b.quote, output: quote_b, branch: b, annotations: {readOnly: true}}
                    quoted: {}
                  transitions:
                    - {from: s, to: ask, cost: 0}
                    - {from: ask, to: quote_a, cost: 1}
                    - {from: ask, to: quote_b, cost: 1}
                    - {from: quote_a, to: quoted, cost: 0}
                    - {from: quote_b, to: quoted, cost: 0}
                  goals: [quoted]
                  forks: [{fork: ask, join: quoted, branches: [a, b]}]
                faults:
                  - {tool: a.quote, fail: latency, latency: 2s}
                  - {tool: b.quote, fail: latency, latency: 3s}
                expect: {outcome: completed}
                """;
        RunRecord run = runner.execute(ScenarioLoader.load(Source.text("two-quotes.yaml", yaml)));

        assertThat(run.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(run.elapsed()).isEqualTo(java.time.Duration.ofSeconds(3));
    }

    @Test
    void aRunIsTheSameEveryTime() {
        Scenario scenario = catalog("17-fanout-quota-cascade.yaml");

        assertThat(runner.execute(scenario)).isEqualTo(runner.execute(scenario));
    }

    @Test
    void malformedOutputIsAFailureForTheRouterNotAResult() {
        RunRecord run = runner.execute(catalog("09-dag-malformed-papers.yaml"));
        assertThat(run.trace()).anyMatch(l -> l.startsWith("FAILED    arxiv_search") && l.contains("INTERNAL"));
        assertThat(run.succeededSteps()).contains("s2_search").doesNotContain("arxiv_search");
    }

    @Test
    void toolKnownToBeDownIsNeverCalledByTheRouter() {
        RunRecord run = runner.execute(catalog("19-fanout-total-outage.yaml"));
        assertThat(run.trace()).noneMatch(l -> l.contains("price_cache"));
        assertThat(run.outcome()).isEqualTo(Outcome.ESCALATED);
    }

    @Test
    void faultFromTheSecondCallLetsTheFirstThrough() {
        // 17: SerpAPI serves eBay (call 1), then runs out of quota for Walmart (call 2)
        RunRecord run = runner.execute(catalog("17-fanout-quota-cascade.yaml"));
        assertThat(run.succeededSteps()).contains("ebay_serp").doesNotContain("walmart_serp");
        assertThat(run.trace()).anyMatch(l -> l.startsWith("FAILED    walmart_serp") && l.contains("QUOTA_EXCEEDED"));
    }

    @Test
    void deadEndWithoutALadderGoalCostsOneLlmCall() {
        RunRecord run = runner.execute(catalog("06-linear-no-customer.yaml"));
        assertThat(run.llmCalls()).isEqualTo(1);
        assertThat(run.decidedBy()).isEqualTo(Expectation.DecidedBy.POLICY);
    }

    @Test
    void deadEndCoveredByTheLadderCostsNoLlmCall() {
        RunRecord run = runner.execute(catalog("05-linear-no-email.yaml"));
        assertThat(run.llmCalls()).isZero();
        assertThat(run.goal()).isEqualTo("reply_saved");
    }
}
