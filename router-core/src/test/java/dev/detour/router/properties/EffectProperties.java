package dev.detour.router.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.testing.RandomGraphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * At most once per request, over random graphs of all three topologies with random effectful steps,
 * random faults and random {@code sideEffects}: whatever reroutes, fork regions, the ladder and the
 * policy do, each output of an effectful step is produced at most once, and no step is called twice.
 */
class EffectProperties {

    private static final SideEffects[] SIDE_EFFECTS = SideEffects.values();

    /** The calls a random request made, with the graph and the faults it met. */
    private record Run(ToolGraph graph, Map<String, ToolError> faults, List<ToolCall> calls) {

        static Run of(long seed, Topology topology) {
            ToolGraph graph = RandomGraphs.generate(seed, topology, true);
            Random random = new Random(seed * 17 + 3);
            Map<String, ToolError> faults = new LinkedHashMap<>();
            for (String tool : graph.tools()) {
                if (random.nextInt(3) == 0) {
                    SideEffects se = SIDE_EFFECTS[random.nextInt(SIDE_EFFECTS.length)];
                    ErrorCategory category = se == SideEffects.NONE ? ErrorCategory.UPSTREAM_UNAVAILABLE : ErrorCategory.TIMEOUT;
                    faults.put(tool, ToolError.of(category, tool + " failed", se));
                }
            }
            ManualClock ticker = new ManualClock();
            ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker);
            faults.forEach(tools::failing);
            // a policy that always demotes to the other goal, so policy-chosen routes are exercised too
            Router router = Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker)
                    .escalationPolicy(request -> CompletableFuture.completedFuture(request.reachableGoals().isEmpty()
                            ? new EscalationDecision.Escalate("nothing reachable")
                            : new EscalationDecision.DemoteTo(request.reachableGoals().getFirst(), "first reachable")))
                    .build();
            router.route(RouteRequest.toDefaultGoal().withTraceId("t"));
            return new Run(graph, faults, tools.calls());
        }

        /** A call that had (or may have had) an effect: an effectful step that succeeded or failed after dispatch. */
        boolean mayHaveActed(ToolCall call) {
            Step step = graph.step(call.step()).orElseThrow();
            ToolError fault = faults.get(call.tool());
            return !step.annotations().safeToRepeat() && (fault == null || fault.sideEffects() != SideEffects.NONE);
        }
    }

    @Property(tries = 1000)
    void eachOutputOfAnEffectfulStepIsProducedAtMostOncePerRequest(
            @ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        Run run = Run.of(seed, topology);

        Map<String, Integer> effectsByOutput = new HashMap<>();
        for (ToolCall call : run.calls()) {
            if (run.mayHaveActed(call)) {
                effectsByOutput.merge(run.graph().step(call.step()).orElseThrow().output(), 1, Integer::sum);
            }
        }

        assertThat(effectsByOutput).as("effects by output in %s", run.calls()).allSatisfy((output, count) -> assertThat(count).isOne());
    }

    @Property(tries = 1000)
    void noStepIsCalledTwiceInOneRequest(@ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        Run run = Run.of(seed, topology);

        assertThat(run.calls().stream().map(ToolCall::step).toList()).doesNotHaveDuplicates();
    }
}
