package dev.detour.graphs.paper;

import dev.detour.graphs.scenario.RunRecord;
import dev.detour.graphs.scenario.Scenario;
import dev.detour.graphs.scenario.ScenarioRunner;

/**
 * Detour: router-core with the health view, reroute, the demotion ladder and an escalation policy
 * backed by the counting mock LLM — exactly what {@link ScenarioRunner} runs.
 */
public final class DetourStrategy implements Strategy {

    private final ScenarioRunner runner = new ScenarioRunner();

    @Override
    public String name() {
        return ScenarioRunner.STRATEGY;
    }

    @Override
    public RunRecord run(Scenario scenario) {
        return runner.execute(scenario);
    }
}
