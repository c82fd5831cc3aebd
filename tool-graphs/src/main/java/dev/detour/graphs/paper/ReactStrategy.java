package dev.detour.graphs.paper;

import dev.detour.graphs.scenario.MockLlm;
import dev.detour.graphs.scenario.MockToolInvoker;
import dev.detour.graphs.scenario.MockTools;
import dev.detour.graphs.scenario.RouteTrace;
import dev.detour.graphs.scenario.RunRecord;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.concurrent.CompletableFuture;

/**
 * ReAct: the mock LLM decides every step — which tool to call next (after an error, that same turn
 * decides what to do about it), whether to settle for a lesser goal, and when to finish — one LLM
 * call per decision.
 *
 * <p>The mock LLM is an ideal planner: it sees the graph as its tool descriptions and its own
 * earlier errors as observations, and picks what the cheapest feasible path picks (so it is as
 * correct as the router; the paper's ReAct matched the router's correctness too). It has no
 * health view: tools the monitors already know to be down are found out by calling them. Its
 * observations are the tools' results, so malformed output is noticed (like the router's output
 * validation). The decision walk itself reuses router-core's executor, which is the planner's
 * deterministic stand-in; what this strategy measures is the price of asking for every decision.
 *
 * <p>A ReAct agent waits for each observation before its next turn, so its tool calls never
 * overlap: each one runs to completion on the simulated clock before the executor sees it,
 * and a fan-out's branches take the sum of their times, not the slowest.
 */
public final class ReactStrategy implements Strategy {

    @Override
    public String name() {
        return "react";
    }

    @Override
    public RunRecord run(Scenario scenario) {
        ToolGraph graph = scenario.graph().graph();
        ManualClock clock = new ManualClock();
        MockTools tools = new MockTools(graph, scenario.faults());
        MockLlm llm = new MockLlm(graph, clock);
        ToolInvoker tool = new MockToolInvoker(graph, tools, clock);
        ToolInvoker decideThenCall = call -> {
            llm.think(); // the turn that chose this call
            CompletableFuture<ToolOutcome> observation = tool.invoke(call).toCompletableFuture();
            clock.runUntil(observation);
            return observation;
        };
        // A lesser goal is chosen in the same turn that calls its first tool or gives the final
        // answer, so the judgement itself is not a separate call.
        EscalationPolicy sameTurn = request -> CompletableFuture.completedFuture(llm.judge(request.goal(), request.reachableGoals()));
        Router router = Router.builder(graph)
                .invoker(decideThenCall)
                .health(new HealthView(clock))
                .escalationPolicy(sameTurn)
                .ticker(clock)
                .scheduler(clock)
                .clock(clock)
                .build();
        RouteResult result = router.route(new RouteRequest(scenario.goal(), scenario.inputs(), scenario.budget(), "react:" + scenario.name()));
        llm.think(); // the final turn: the answer, or giving up
        return RouteTrace.record(name(), result, tools, llm.calls(), clock.elapsed());
    }
}
