/**
 * The paper's evaluation (arXiv 2603.01548) reproduced: the 19-scenario {@link
 * dev.detour.graphs.paper.PaperCatalog} run by {@link dev.detour.graphs.paper.PaperBench} under
 * three {@link dev.detour.graphs.paper.Strategy strategies} — Detour's router, ReAct, and a static
 * workflow — over the same deterministic mock tools and mock LLM. See docs/paper-reproduction.md.
 */
@NullMarked
package dev.detour.graphs.paper;

import org.jspecify.annotations.NullMarked;
