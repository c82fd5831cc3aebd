/**
 * The YAML graph format: {@link dev.detour.graphs.loader.GraphLoader} reads a file (with line
 * numbers, via SnakeYAML's node API), validates it and builds a router-core {@code ToolGraph}.
 * The format is described by {@code schema/detour-graph.schema.json}.
 */
@NullMarked
package dev.detour.graphs.loader;

import org.jspecify.annotations.NullMarked;
