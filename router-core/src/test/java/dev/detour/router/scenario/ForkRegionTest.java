package dev.detour.router.scenario;

import static dev.detour.router.scenario.LinearPipelineTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.StepFailed;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ForkRegionTest {

    private final ManualClock ticker = new ManualClock();
    private final ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker);

    private Router router(ToolGraph graph) {
        return Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker).build();
    }

    @Test
    void runsEveryBranchAndJoinsBeforeTheNextStep() {
        RouteResult result = router(Graphs.fanOut()).route(RouteRequest.toDefaultGoal());

        assertThat(Graphs.fanOut().topology()).isEqualTo(Topology.FANOUT);
        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.calledTools()).containsExactly("price@eu-a", "price@us-a", "compare@main");
        assertThat(result.trail()).containsSubsequence("fork", "join", "compare", "done");
        @SuppressWarnings("unchecked")
        Map<String, Object> compareArgs = tools.calls().get(2).arguments();
        assertThat(compareArgs).containsKeys("eu", "us");
    }

    @Test
    void healsOneBranchWithoutDisturbingTheOthers() {
        tools.failing("price@eu-a", ErrorCategory.RATE_LIMITED);

        RouteResult result = router(Graphs.fanOut()).route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.calledTools()).containsExactly("price@eu-a", "price@eu-b", "price@us-a", "compare@main");
        Rerouted rerouted = only(result.events(), Rerouted.class);
        assertThat(rerouted.from()).isEqualTo("fork");
        assertThat(rerouted.newPath()).containsExactly("fork", "eu-b", "join");
    }

    @Test
    void aBranchWithNoPathLeftMakesTheRegionInfeasibleAndTheRequestEscalates() {
        tools.failingAll(Set.of("price@us-a", "price@us-b"));

        RouteResult result = router(Graphs.fanOut()).route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(result.error().category()).isEqualTo(ErrorCategory.NO_ROUTE);
        List<StepFailed> failed = result.events().stream().filter(StepFailed.class::isInstance).map(StepFailed.class::cast).toList();
        assertThat(failed).extracting(StepFailed::step).containsExactly("us-a", "us-b");
        assertThat(result.events()).filteredOn(Escalated.class::isInstance).extracting(e -> ((Escalated) e).failedStep())
                .containsExactly("us-b");
        assertThat(only(result.events(), Rerouted.class).failedStep()).isEqualTo("us-a");
    }

    @Test
    void runsBranchesConcurrentlyWithAnAsynchronousInvoker() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothStarted = new CountDownLatch(2);
        ConcurrentLinkedQueue<String> called = new ConcurrentLinkedQueue<>();
        try {
            Router router = Router.builder(Graphs.fanOut()).ticker(ticker).clock(ticker)
                    .invoker((ToolCall call) -> CompletableFuture.supplyAsync(() -> {
                        called.add(call.tool());
                        if (call.tool().startsWith("price@")) {
                            bothStarted.countDown();
                            try {
                                // each branch call waits for the other: only concurrent branches get past this
                                if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                                    return ToolOutcome.failure(dev.detour.router.error.ToolError.of(ErrorCategory.TIMEOUT, "not concurrent",
                                            dev.detour.router.error.SideEffects.NONE));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return ToolOutcome.success(Map.of("tool", call.tool()));
                    }, pool))
                    .build();

            RouteResult result = router.routeAsync(RouteRequest.toDefaultGoal()).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
            assertThat(called).containsExactlyInAnyOrder("price@eu-a", "price@us-a", "compare@main");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void healsInsideAMultiStepBranchOfADependencyDag() {
        ToolGraph dag = ToolGraph.builder("report")
                .start("start")
                .step(Graphs.readOnly("search", "search@main", "search", Map.of()))
                .waypoint("fork").waypoint("join")
                .step(Graphs.readOnly("papers-a", "papers@a", "papers", Map.of("q", "${search}")).inBranch("papers"))
                .step(Graphs.readOnly("papers-b", "papers@b", "papers", Map.of("q", "${search}")).inBranch("papers"))
                .step(Graphs.readOnly("extract", "extract@main", "facts", Map.of("from", "${papers}")).inBranch("papers"))
                .step(Graphs.readOnly("news", "news@main", "news", Map.of()).inBranch("news"))
                .step(Graphs.readOnly("write", "write@main", "report", Map.of("facts", "${facts}", "news", "${news}")))
                .waypoint("done")
                .fork("fork", "join", "papers", "news")
                .transition("start", "search", 1).transition("search", "fork", 0)
                .transition("fork", "papers-a", 1).transition("fork", "papers-b", 4)
                .transition("papers-a", "extract", 1).transition("papers-b", "extract", 1)
                .transition("extract", "join", 0)
                .transition("fork", "news", 1).transition("news", "join", 0)
                .transition("join", "write", 1).transition("write", "done", 0)
                .goal("done")
                .build();
        tools.failing("papers@a", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(dag).route(RouteRequest.toDefaultGoal());

        assertThat(dag.topology()).isEqualTo(Topology.DAG);
        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.calledTools()).containsExactly("search@main", "papers@a", "papers@b", "extract@main", "news@main", "write@main");
    }
}
