package dev.detour.graphs.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The static baseline is the one docs/paper-reproduction.md describes. */
class StaticWorkflowTest {

    @ParameterizedTest
    @ValueSource(strings = {"graphs/linear/support-ticket.yaml", "graphs/dag/research-report.yaml", "graphs/fanout/price-lookup.yaml"})
    void everyStageWithAnAlternativeHasItsOneAnticipatedFallback(String path) {
        ToolGraph graph = GraphLoader.load(Source.classpath(path)).graph();
        for (StaticWorkflow.WorkflowNode node : StaticWorkflow.forGraph(graph).nodes()) {
            Step step = graph.step(node.step()).orElseThrow();
            boolean hasAlternative = graph.steps().values().stream()
                    .anyMatch(other -> other.invokesTool() && !other.id().equals(step.id()) && other.output().equals(step.output()));
            if (hasAlternative) {
                assertThat(node.fallback()).as(graph.name() + ": stage '" + node.step() + "' has an alternative but no anticipated fallback").isNotNull();
                assertThat(graph.step(node.fallback()).orElseThrow().output()).isEqualTo(step.output());
            }
        }
    }
}
