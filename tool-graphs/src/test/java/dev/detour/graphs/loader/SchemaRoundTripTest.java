package dev.detour.graphs.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.detour.graphs.paper.PaperCatalog;
import dev.detour.graphs.scenario.ScenarioCatalog;
import dev.detour.router.graph.ToolGraph;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The JSON Schemas describe what the loader accepts: bundled files validate, broken ones do not, graphs round-trip. */
class SchemaRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema GRAPH_SCHEMA = schema("schema/detour-graph.schema.json");
    private static final Schema SCENARIO_SCHEMA = schema("schema/detour-scenario.schema.json");

    static Stream<String> exampleGraphs() {
        return Stream.of("graphs/linear/support-ticket.yaml", "graphs/dag/research-report.yaml", "graphs/fanout/price-lookup.yaml");
    }

    @ParameterizedTest
    @MethodSource("exampleGraphs")
    void exampleGraphValidatesAgainstTheGraphSchema(String path) {
        assertThat(GRAPH_SCHEMA.validate(yamlAsJson(Source.classpath(path).read()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("exampleGraphs")
    void exampleGraphRoundTripsThroughTheWriter(String path) {
        // Given a loaded example
        ToolGraph original = GraphLoader.load(Source.classpath(path)).graph();
        // When it is written out and read back
        String yaml = GraphWriter.toYaml(original);
        ToolGraph reread = GraphLoader.load(Source.text(path, yaml)).graph();
        // Then the written file is schema-valid and the graph is the same
        assertThat(GRAPH_SCHEMA.validate(yamlAsJson(yaml))).isEmpty();
        assertThat(reread.steps()).isEqualTo(original.steps());
        assertThat(reread.transitions()).isEqualTo(original.transitions());
        assertThat(reread.goals()).containsExactlyElementsOf(original.goals());
        assertThat(reread.forks()).isEqualTo(original.forks());
        for (String goal : original.goals()) {
            assertThat(reread.demotionLadder(goal)).isEqualTo(original.demotionLadder(goal));
        }
        assertThat(reread.topology()).isEqualTo(original.topology());
    }

    @Test
    void everyBundledScenarioValidatesAgainstTheScenarioSchema() {
        List<Source> sources = ScenarioCatalog.bundled();
        assertThat(sources).hasSizeGreaterThan(PaperCatalog.sources().size());
        for (Source s : sources) {
            assertThat(SCENARIO_SCHEMA.validate(yamlAsJson(s.read()))).as(s.name()).isEmpty();
        }
    }

    @Test
    void scenarioSchemaRejectsANegativeCallCountAndANeverThatIsNotAList() {
        String yaml = """
                graph: g.yaml
                expect: {outcome: completed, calls: {stripe.charge: -1}, never: stripe.charge}
                """;
        List<Error> errors = SCENARIO_SCHEMA.validate(yamlAsJson(yaml));
        assertThat(errors).extracting(Error::getMessage).anyMatch(m -> m.contains("minimum")).anyMatch(m -> m.contains("array"));
    }

    @Test
    void graphSchemaRejectsANegativeCostAndAnUnknownField() {
        String yaml = """
                name: g
                start: s
                steps: {s: {}, a: {tool: t, colour: red}, g: {}}
                transitions: [{from: s, to: a, cost: -1}, {from: a, to: g, cost: 0}]
                goals: [g]
                """;
        List<Error> errors = GRAPH_SCHEMA.validate(yamlAsJson(yaml));
        assertThat(errors).extracting(Error::getMessage).anyMatch(m -> m.contains("minimum")).anyMatch(m -> m.contains("colour"));
    }

    @Test
    void scenarioSchemaRejectsAnUnknownFaultKind() {
        String yaml = """
                graph: g.yaml
                faults: [{tool: t, fail: explode}]
                expect: {outcome: completed}
                """;
        assertThat(SCENARIO_SCHEMA.validate(yamlAsJson(yaml))).isNotEmpty();
    }

    private static Schema schema(String resource) {
        try (InputStream in = SchemaRoundTripTest.class.getClassLoader().getResourceAsStream(resource)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode yamlAsJson(String yaml) {
        Object plain = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return JSON.valueToTree(plain);
    }
}
