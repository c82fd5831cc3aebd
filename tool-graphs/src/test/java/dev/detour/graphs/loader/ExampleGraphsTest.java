package dev.detour.graphs.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import org.junit.jupiter.api.Test;

class ExampleGraphsTest {

    @Test
    void supportTicketIsALinearPipeline() {
        ToolGraph g = GraphLoader.load(Source.classpath("graphs/linear/support-ticket.yaml")).graph();
        assertThat(g.topology()).isEqualTo(Topology.LINEAR);
        assertThat(g.goals()).containsExactly("ticket_resolved", "reply_saved", "agent_assigned");
        assertThat(g.demotionLadder("ticket_resolved")).containsExactly("reply_saved");
    }

    @Test
    void researchReportIsADag() {
        ToolGraph g = GraphLoader.load(Source.classpath("graphs/dag/research-report.yaml")).graph();
        assertThat(g.topology()).isEqualTo(Topology.DAG);
        assertThat(g.forks()).containsKey("gather");
    }

    @Test
    void priceLookupIsAFanOut() {
        ToolGraph g = GraphLoader.load(Source.classpath("graphs/fanout/price-lookup.yaml")).graph();
        assertThat(g.topology()).isEqualTo(Topology.FANOUT);
        assertThat(g.forks().get("quote").branches()).containsExactly("amazon", "ebay", "walmart");
    }

    @Test
    void everyExampleHasAnAlternativeForItsDefaultGoalsFirstStep() {
        for (String path : new String[] {"graphs/linear/support-ticket.yaml", "graphs/dag/research-report.yaml", "graphs/fanout/price-lookup.yaml"}) {
            ToolGraph g = GraphLoader.load(Source.classpath(path)).graph();
            assertThat(g.tools()).as(path).hasSizeGreaterThan(6);
        }
    }
}
