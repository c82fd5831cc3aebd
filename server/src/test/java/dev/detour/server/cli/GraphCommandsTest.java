package dev.detour.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.graphs.loader.Source;
import dev.detour.graphs.paper.PaperBench;
import dev.detour.graphs.paper.PaperTable;
import dev.detour.graphs.scenario.ScenarioCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detour validate | scenarios run | bench paper | analyze}: exit codes and output, in-process. */
class GraphCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int detour(String... args) {
        CommandLine cli = new CommandLine(new DetourCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path example(String resource, String name) throws IOException {
        return Files.writeString(dir.resolve(name), Source.classpath(resource).read());
    }

    @Test
    void validateAcceptsAnExampleGraph() throws IOException {
        Path graph = example("graphs/linear/support-ticket.yaml", "support-ticket.yaml");
        assertThat(detour("validate", graph.toString())).isZero();
        assertThat(out.toString()).contains("OK  " + graph).contains("(linear)");
    }

    @Test
    void validateRecognisesADetourConfigByItsUpstreams() {
        assertThat(detour("validate", "../docs/examples/detour.yaml")).isZero();
        assertThat(out.toString()).contains("OK  ../docs/examples/detour.yaml: Detour config, 8 upstreams, 3 logical tools, 1 goal tools,"
                + " LLM openai-compatible 'qwen2.5:3b' at http://localhost:11434/v1");
    }

    @Test
    void validateNamesTheLlmButNeverShowsItsKey() throws IOException {
        String config = """
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                llm:
                  provider: anthropic
                  model: claude-sonnet-4-5
                  apiKey: sk-ant-do-not-print-me
                """;
        Path valid = Files.writeString(dir.resolve("valid.yaml"), config);
        Path invalid = Files.writeString(dir.resolve("invalid.yaml"), config + "  timeout: soon\n");

        assertThat(detour("validate", valid.toString(), invalid.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("LLM anthropic 'claude-sonnet-4-5' at https://api.anthropic.com/v1 (with an API key)");
        assertThat(err.toString()).contains(invalid + ":7:").contains("llm.timeout");
        assertThat(out.toString() + err).doesNotContain("sk-ant-do-not-print-me");
    }

    @Test
    void validateReportsAConfigsProblemsWithFileLineAndField() throws IOException {
        Path config = Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                budgets:
                  default: 30
                """);

        assertThat(detour("validate", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("INVALID " + config).contains(config + ":4:12: budgets.default:");
    }

    @Test
    void validateNamesFileLineFieldAndFixOfEachProblem() throws IOException {
        Path graph = Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                start: s
                steps: {s: {}, a: {tool: t}, g: {}}
                transitions:
                  - {from: s, to: b, cost: 1}
                  - {from: a, to: g, cost: 0}
                goals: [g]
                """);
        assertThat(detour("validate", graph.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(graph + ":5:").contains("transitions[0].to: unknown step 'b'").contains("Fix: ");
    }

    @Test
    void validateRecognisesAScenarioFileAndChecksItsGraph() throws IOException {
        example("graphs/fanout/price-lookup.yaml", "price-lookup.yaml");
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                graph: price-lookup.yaml
                inputs: {upc: "1", query: q}
                faults: [{tool: ebay.brwse, fail: error}]
                expect: {outcome: completed}
                """);
        assertThat(detour("validate", scenario.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(scenario + ":3:").contains("faults[0].tool").contains("no tool 'ebay.brwse'");
    }

    @Test
    void scenariosRunCatalogRunsEveryBundledScenarioAndExitsZeroOnlyWhenAllPass() {
        // The regression catalog holds scenarios written before their fix (RegressionCatalogTest lists
        // the pending ones), so the exit code follows the report rather than a fixed count.
        int exit = detour("scenarios", "run", "--catalog");

        Matcher summary = Pattern.compile("(\\d+) passed, (\\d+) failed").matcher(out.toString());
        assertThat(summary.find()).as(out.toString()).isTrue();
        int passed = Integer.parseInt(summary.group(1));
        int failed = Integer.parseInt(summary.group(2));
        assertThat(passed + failed).isEqualTo(ScenarioCatalog.bundled().size());
        assertThat(out.toString()).contains("PASS  01-linear-crm-outage").contains("issue-10-checkout-no-double-charge");
        assertThat(exit).isEqualTo(failed == 0 ? 0 : 1);
    }

    @Test
    void scenariosRunReportsAFailingUserScenarioWithItsTraceAsJson() throws IOException {
        example("graphs/fanout/price-lookup.yaml", "price-lookup.yaml");
        Files.writeString(dir.resolve("wrong.yaml"), """
                name: wrong
                graph: price-lookup.yaml
                inputs: {upc: "0194253397168", query: AirPods Pro 2}
                faults: [{tool: ebay.browse, fail: error}]
                expect: {outcome: completed, via: [ebay_browse]}
                """);
        assertThat(detour("scenarios", "run", dir.resolve("wrong.yaml").toString(), "--json")).isEqualTo(1);
        JsonNode json = json(out.toString());
        assertThat(json.path("failed").asInt()).isEqualTo(1);
        assertThat(json.path("scenarios").get(0).path("trace").toString()).contains("FAILED    ebay_browse");
    }

    @Test
    void benchPaperJsonHasOneRowPerStrategy() {
        assertThat(detour("bench", "paper", "--json")).isZero();
        JsonNode json = json(out.toString());
        assertThat(json.path("strategies").findValuesAsText("name")).containsExactly("detour", "react", "static");
        assertThat(json.path("strategies").get(0).path("correct").asInt()).isEqualTo(19);
        assertThat(json.path("scenarios")).hasSize(19);
    }

    @Test
    void benchPaperMarkdownIntoRewritesOnlyTheMarkedTables() throws IOException {
        Path doc = Files.writeString(dir.resolve("doc.md"), "# Results\n" + PaperTable.BEGIN + "\nstale\n" + PaperTable.END + "\nprose\n");

        assertThat(detour("bench", "paper", "--markdown", "--into", doc.toString())).isZero();

        String written = Files.readString(doc);
        assertThat(written).startsWith("# Results\n" + PaperTable.BEGIN + "\n| strategy | scenarios |").endsWith(PaperTable.END + "\nprose\n");
        assertThat(PaperTable.extract(written)).contains(new PaperBench().runCatalog().toMarkdown());
    }

    @Test
    void benchPaperIntoWithoutMarkdownIsAUsageError() {
        assertThat(detour("bench", "paper", "--into", dir.resolve("doc.md").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--into goes with --markdown");
    }

    @Test
    void analyzeNamesTheSinglePointOfFailure() throws IOException {
        Path graph = example("graphs/fanout/price-lookup.yaml", "price-lookup.yaml");
        assertThat(detour("analyze", graph.toString(), "--json")).isZero();
        JsonNode best = json(out.toString()).path("goals").get(0);
        assertThat(best.path("goal").asText()).isEqualTo("best_price");
        assertThat(best.path("minToolFailures").asInt()).isEqualTo(1);
        assertThat(best.path("singlePointsOfFailure").get(0).asText()).isEqualTo("pricing.compare");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
