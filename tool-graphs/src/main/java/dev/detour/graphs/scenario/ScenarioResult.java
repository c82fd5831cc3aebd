package dev.detour.graphs.scenario;

/**
 * One scenario run by the router, judged.
 *
 * @param scenario the scenario
 * @param run      what the router did
 * @param verdict  whether that matches the expectation
 */
public record ScenarioResult(Scenario scenario, RunRecord run, Verdict verdict) {

    public boolean passed() {
        return verdict.correct();
    }
}
