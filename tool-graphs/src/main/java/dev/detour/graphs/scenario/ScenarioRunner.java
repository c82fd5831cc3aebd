package dev.detour.graphs.scenario;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.ManualClock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs scenarios through router-core's {@link Router} — health view, reroute, demotion ladder and
 * an {@link dev.detour.router.spi.EscalationPolicy} backed by the counting {@link MockLlm} — over
 * deterministic {@link MockTools}, on simulated time, and judges each run against its expectation.
 * Tool calls complete on a {@link ManualClock} that the runner drives until the route is
 * done, so concurrent fan-out branches overlap in simulated time. Stateless and thread-safe: every
 * run builds its own tools, clock, health view and router.
 */
public final class ScenarioRunner {

    /** The strategy name of router-driven runs in reports. */
    public static final String STRATEGY = "detour";

    /** Runs and judges one scenario. */
    public ScenarioResult run(Scenario scenario) {
        RunRecord run = execute(scenario);
        return new ScenarioResult(scenario, run, Verdict.judge(scenario, run, true));
    }

    /** Runs and judges scenarios, in order. */
    public ScenarioReport runAll(List<Scenario> scenarios) {
        return new ScenarioReport(scenarios.stream().map(this::run).toList());
    }

    /** Runs one scenario through the router, without judging it. */
    public RunRecord execute(Scenario scenario) {
        ToolGraph graph = scenario.graph().graph();
        ManualClock clock = new ManualClock();
        MockTools tools = new MockTools(graph, scenario.faults());
        MockLlm llm = new MockLlm(graph, clock);
        HealthView health = new HealthView(clock);
        scenario.knownUnhealthy().forEach(t -> health.set(t, ToolHealth.unavailable("reported down by the health monitors")));
        Router router = Router.builder(graph)
                .invoker(new MockToolInvoker(graph, tools, clock))
                .health(health)
                .escalationPolicy(llm)
                .ticker(clock)
                .scheduler(clock)
                .clock(clock)
                .build();
        CompletableFuture<RouteResult> route = router.routeAsync(
                new RouteRequest(scenario.goal(), scenario.inputs(), scenario.budget(), "scenario:" + scenario.name()));
        clock.runUntil(route);
        return RouteTrace.record(STRATEGY, route.join(), tools, llm.calls(), clock.elapsed());
    }
}
