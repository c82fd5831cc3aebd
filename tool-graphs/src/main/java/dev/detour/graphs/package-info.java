/**
 * Tool graphs as files: the YAML graph and scenario formats, their loader and validator, the example
 * graphs of the three topologies, the scenario runner, the paper's evaluation and the pre-deployment
 * risk analysis. Framework-free: SnakeYAML, Jackson, JGraphT and router-core only.
 *
 * <ul>
 *   <li>{@link dev.detour.graphs.loader} — YAML graph files to router-core {@code ToolGraph}s, with
 *       problems that name file, line, field and fix ({@link dev.detour.graphs.ConfigProblem});</li>
 *   <li>{@link dev.detour.graphs.scenario} — fault scripts over deterministic mock tools, run through
 *       the router, checked against the scenario's expected outcome;</li>
 *   <li>{@link dev.detour.graphs.trace} — route events as text, the one wording of them every
 *       trace, journal and progress line uses;</li>
 *   <li>{@link dev.detour.graphs.paper} — the 19-scenario evaluation under three strategies;</li>
 *   <li>{@link dev.detour.graphs.analysis} — minimum tool cuts, single points of failure, dead ends.</li>
 * </ul>
 */
@NullMarked
package dev.detour.graphs;

import org.jspecify.annotations.NullMarked;
