package dev.detour.router.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.event.Rerouted;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Found by RoutingProperties (seed 2756, FANOUT): a tool used inside a branch and again after the
 * join failed in the branch, and the top level, following the route it planned before, called it a
 * second time.
 */
class ToolFailingInABranchAndAfterTheJoinTest {

    @Test
    void aToolThatFailedInABranchIsNotCalledAgainAfterTheJoin() {
        ToolGraph graph = ToolGraph.builder("shared")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Graphs.readOnly("b-shared", "shared@1", "b", Map.of()).inBranch("b"))
                .step(Graphs.readOnly("b-other", "other@1", "b", Map.of()).inBranch("b"))
                .step(Graphs.readOnly("after-shared", "shared@1", "after", Map.of()))
                .step(Graphs.readOnly("after-other", "other@2", "after", Map.of()))
                .fork("fork", "join", "b")
                .transition("start", "fork", 0)
                .transition("fork", "b-shared", 1).transition("fork", "b-other", 2)
                .transition("b-shared", "join", 0).transition("b-other", "join", 0)
                .transition("join", "after-shared", 1).transition("join", "after-other", 2)
                .transition("after-shared", "done", 0).transition("after-other", "done", 0)
                .goal("done")
                .build();
        ScriptedToolInvoker tools = new ScriptedToolInvoker().failing("shared@1", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = Router.builder(graph).invoker(tools).build().route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.callsTo("shared@1")).isOne();
        assertThat(result.events()).filteredOn(Rerouted.class::isInstance).map(e -> (Rerouted) e)
                .extracting(Rerouted::failedStep, Rerouted::from)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b-shared", "fork"), org.assertj.core.groups.Tuple.tuple(null, "join"));
    }
}
