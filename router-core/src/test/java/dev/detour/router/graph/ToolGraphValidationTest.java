package dev.detour.router.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.testing.Graphs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolGraphValidationTest {

    private static ToolGraph.Builder base() {
        return ToolGraph.builder("g")
                .start("start")
                .step(Graphs.readOnly("a", "a@1", "a", Map.of()))
                .waypoint("done")
                .transition("start", "a", 1)
                .transition("a", "done", 0)
                .goal("done");
    }

    private static GraphValidationException problemsOf(ToolGraph.Builder builder) {
        try {
            builder.build();
        } catch (GraphValidationException e) {
            return e;
        }
        throw new AssertionError("expected the graph to be rejected");
    }

    @Test
    void acceptsAWellFormedGraph() {
        ToolGraph graph = base().build();

        assertThat(graph.tools()).containsExactly("a@1");
        assertThat(graph.topology()).isEqualTo(Topology.LINEAR);
        assertThat(graph.model().vertexSet()).containsExactly("start", "a", "done");
    }

    @Test
    void namesATransitionToAnUnknownVertex() {
        assertThat(problemsOf(base().transition("a", "ghost", 1)).problems())
                .containsExactly("transition a -> ghost: unknown vertex 'ghost'");
    }

    @Test
    void rejectsNegativeCosts() {
        assertThat(problemsOf(base().step(Graphs.readOnly("b", "b@1", "b", Map.of())).transition("start", "b", -1).transition("b", "done", 0))
                .problems()).containsExactly("transition start -> b: cost -1.0 is negative");
    }

    @Test
    void rejectsNaNCosts() {
        assertThat(problemsOf(base().step(Graphs.readOnly("b", "b@1", "b", Map.of())).transition("start", "b", Double.NaN).transition("b", "done", 0))
                .problems()).containsExactly("transition start -> b: cost is NaN");
    }

    @Test
    void rejectsInfiniteCostsBecauseOnlyHealthMakesAnEdgeInfinite() {
        assertThat(problemsOf(base().step(Graphs.readOnly("b", "b@1", "b", Map.of())).transition("start", "b", Double.POSITIVE_INFINITY)
                .transition("b", "done", 0)).problems()).singleElement().asString().contains("must be finite");
    }

    @Test
    void rejectsAnUnreachableGoal() {
        assertThat(problemsOf(base().waypoint("island").goal("island")).problems())
                .containsExactly("goal 'island' is unreachable from start 'start' even when every tool is healthy");
    }

    @Test
    void rejectsACycleInAGraphWithForkRegions() {
        ToolGraph.Builder b = ToolGraph.builder("cyclic")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Graphs.readOnly("p", "p@1", "p", Map.of()).inBranch("left"))
                .step(Graphs.readOnly("q", "q@1", "q", Map.of()))
                .fork("fork", "join", "left")
                .transition("start", "fork", 0).transition("fork", "p", 1).transition("p", "join", 0)
                .transition("join", "q", 1).transition("q", "start", 1).transition("join", "done", 0)
                .goal("done");

        assertThat(problemsOf(b).problems()).singleElement().asString()
                .startsWith("cycle through").endsWith("a graph with fork regions must be a DAG");
    }

    @Test
    void rejectsATemplateThatPointsAtNothing() {
        ToolGraph.Builder b = base().step(Graphs.readOnly("b", "b@1", "b", Map.of("x", "${nothing/field}")))
                .transition("a", "b", 1).transition("b", "done", 0);

        assertThat(problemsOf(b).problems())
                .containsExactly("step 'b': argument template references '${nothing}', but no step produces an output named 'nothing'");
    }

    @Test
    void rejectsADuplicateVertexAndATransitionDeclaredTwice() {
        GraphValidationException e = problemsOf(base().waypoint("done").transition("start", "a", 2));

        assertThat(e.problems()).containsExactly("duplicate vertex 'done'", "transition start -> a: declared twice");
    }

    @Test
    void rejectsALadderEntryThatIsNoGoal() {
        assertThat(problemsOf(base().demotion("done", "a")).problems())
                .containsExactly("demotion ladder of 'done': 'a' is not a goal");
    }

    @Test
    void rejectsATransitionThatLeavesABranchOutsideItsJoin() {
        ToolGraph.Builder b = ToolGraph.builder("leaky")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Graphs.readOnly("p", "p@1", "p", Map.of()).inBranch("left"))
                .fork("fork", "join", "left")
                .transition("start", "fork", 0).transition("fork", "p", 1).transition("p", "join", 0)
                .transition("p", "done", 0).transition("join", "done", 0)
                .goal("done");

        assertThat(problemsOf(b).problems()).containsExactly("transition p -> done: crosses from branch 'left' to branch (none) outside a fork or join");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        GraphValidationException e = problemsOf(ToolGraph.builder("empty").transition("x", "y", -2));

        assertThat(e.problems()).contains("no start vertex declared", "no goal declared", "transition x -> y: cost -2.0 is negative");
        assertThat(e).hasMessageStartingWith("invalid tool graph: ");
    }
}
