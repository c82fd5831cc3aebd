package dev.detour.graphs.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One broken file per kind of error: each problem names file, line, field and a fix. */
class GraphLoaderTest {

    private static final Path BROKEN = Path.of("src/test/resources/broken");

    private static ConfigProblem onlyProblem(String file) {
        List<ConfigProblem> problems = problems(file);
        assertThat(problems).as(problems.toString()).hasSize(1);
        return problems.getFirst();
    }

    private static List<ConfigProblem> problems(String file) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GraphLoader.load(BROKEN.resolve(file)));
        assertThat(e).as("loading " + file + " must fail").isNotNull();
        return e.problems();
    }

    @Test
    void unknownStepIsReportedAtItsLineWithASuggestion() {
        ConfigProblem p = onlyProblem("unknown-step.yaml");
        assertThat(p.file()).endsWith("unknown-step.yaml");
        assertThat(p.line()).isEqualTo(8);
        assertThat(p.field()).isEqualTo("transitions[0].to");
        assertThat(p.message()).contains("unknown step 'clasify'");
        assertThat(p.fix()).contains("did you mean 'classify'?");
        assertThat(p.toString()).startsWith(BROKEN.resolve("unknown-step.yaml") + ":8:");
    }

    @Test
    void unreachableGoalIsReportedAtTheGoal() {
        ConfigProblem p = onlyProblem("unreachable-goal.yaml");
        assertThat(p.line()).as(p.toString()).isEqualTo(13);
        assertThat(p.field()).isEqualTo("goals");
        assertThat(p.message()).contains("goal 'archived' is unreachable from start 'received'");
    }

    @Test
    void cycleIsReportedAtTheTransitionThatClosesIt() {
        ConfigProblem p = onlyProblem("cycle.yaml");
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.field()).isEqualTo("transitions[2]");
        assertThat(p.message()).contains("cycle draft -> review -> draft");
        assertThat(p.fix()).contains("review -> draft");
    }

    @Test
    void negativeCostIsReportedAtTheCost() {
        ConfigProblem p = onlyProblem("negative-cost.yaml");
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.field()).isEqualTo("transitions[1].cost");
        assertThat(p.message()).contains("negative cost -5.0");
    }

    @Test
    void missingProviderIsReportedWhenARouteSkipsEveryProducer() {
        // 'draft' reads ${customer}, but the route through 'guess' never runs 'lookup'
        ConfigProblem p = onlyProblem("missing-provider.yaml");
        assertThat(p.line()).isEqualTo(9);
        assertThat(p.field()).isEqualTo("steps.draft.args");
        assertThat(p.message()).contains("missing provider").contains("'lookup'");
    }

    @Test
    void templatePointingAtNothingIsReportedWithASuggestion() {
        ConfigProblem p = onlyProblem("template-points-at-nothing.yaml");
        assertThat(p.line()).isEqualTo(9);
        assertThat(p.field()).isEqualTo("steps.draft.args");
        assertThat(p.message()).contains("'${custmer}' points at nothing");
        assertThat(p.fix()).contains("did you mean '${customer}'?");
    }

    @Test
    void stepDeclaringAnEmptyToolIsReportedAsMissingItsProvider() {
        ConfigProblem p = onlyProblem("step-without-tool.yaml");
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.field()).isEqualTo("steps.classify.tool");
        assertThat(p.message()).contains("without a provider");
    }

    @Test
    void yamlSyntaxErrorIsReportedAtItsPosition() {
        ConfigProblem p = onlyProblem("syntax-error.yaml");
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.field()).isEqualTo("(syntax)");
    }

    @Test
    void unknownFieldIsReportedWithTheClosestAllowedOne() {
        List<ConfigProblem> problems = problems("unknown-field.yaml");
        assertThat(problems.getFirst().line()).isEqualTo(6);
        assertThat(problems.getFirst().field()).isEqualTo("steps.classify.tol");
        assertThat(problems.getFirst().fix()).contains("did you mean 'tool'?");
    }

    @Test
    void routerCoreProblemIsMappedBackToTheTransitionLine() {
        ConfigProblem p = onlyProblem("crosses-branch.yaml");
        assertThat(p.line()).as(p.toString()).isEqualTo(13);
        assertThat(p.field()).isEqualTo("transitions[3]");
        assertThat(p.message()).contains("crosses from branch 'right'");
    }

    @Test
    void everyProblemOfAFileIsReportedNotOnlyTheFirst() {
        String yaml = """
                name: many
                start: s
                steps: {s: {}, a: {tool: t}, g: {}}
                transitions:
                  - {from: s, to: x, cost: 1}
                  - {from: a, to: g, cost: -1}
                goals: [g, h]
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GraphLoader.load(Source.text("many.yaml", yaml)));
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(5, 6, 7);
    }

    @Test
    void missingStartIsReportedAsAProblemNotAnException() {
        String yaml = """
                name: nostart
                steps: {s: {}, a: {tool: t}, g: {}}
                transitions: [{from: s, to: a, cost: 1}, {from: a, to: g, cost: 0}]
                goals: g
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GraphLoader.load(Source.text("nostart.yaml", yaml)));
        assertThat(e).as("loading a graph without a start must fail with its problems").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly("no start vertex declared");
    }

    @Test
    void loadedGraphCarriesStepsAnnotationsBranchesAndLadders() {
        ToolGraph g = GraphLoader.load(Source.classpath("graphs/dag/research-report.yaml")).graph();
        assertThat(g.step("search_brave").orElseThrow().branch()).isEqualTo("web");
        assertThat(g.step("render_docraptor").orElseThrow().annotations()).isEqualTo(ToolAnnotations.IDEMPOTENT);
        assertThat(g.step("analyze_gpt").orElseThrow().output()).isEqualTo("analysis");
        assertThat(g.demotionLadder("full_report")).containsExactly("markdown_report", "summary");
    }

    @Test
    void unannotatedToolIsAssumedTheMcpWorstCase() {
        String yaml = """
                name: plain
                start: s
                steps: {s: {}, a: {tool: t}, g: {}}
                transitions: [{from: s, to: a, cost: 1}, {from: a, to: g, cost: 0}]
                goals: g
                """;
        ToolGraph g = GraphLoader.load(Source.text("plain.yaml", yaml)).graph();
        assertThat(g.step("a").orElseThrow().annotations()).isEqualTo(ToolAnnotations.UNKNOWN);
    }
}
