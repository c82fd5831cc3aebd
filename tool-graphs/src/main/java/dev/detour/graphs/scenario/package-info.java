/**
 * Scenario files: a graph, a fault script over deterministic {@link dev.detour.graphs.scenario.MockTools}
 * and an expected outcome. {@link dev.detour.graphs.scenario.ScenarioRunner} runs them through the
 * router on simulated time and reports pass/fail with the route trace of each failure.
 */
package dev.detour.graphs.scenario;
