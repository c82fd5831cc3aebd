/**
 * Scenario files: a graph, a fault script over deterministic {@link dev.detour.graphs.scenario.MockTools}
 * and an expected outcome. {@link dev.detour.graphs.scenario.ScenarioRunner} runs them through the
 * router on simulated time — tool calls complete on a discrete-event {@link
 * dev.detour.router.time.ManualClock}, so fan-out branches overlap — and reports pass/fail
 * with the route trace of each failure, judged against the mock tools' own call log. {@link
 * dev.detour.graphs.scenario.ScenarioCatalog} lists the bundled catalogs.
 */
@NullMarked
package dev.detour.graphs.scenario;

import org.jspecify.annotations.NullMarked;
