/**
 * Self-healing at the MCP boundary: logical tools (one name, interchangeable upstream providers,
 * deterministic failover) and goal tools (a multi-step tool graph as one MCP tool), both executed by
 * router-core over a shared health view, with SERF error results, route summaries and per-call time
 * budgets (ATBA). {@link dev.detour.server.heal.HealingTools} is the facade the MCP endpoint uses;
 * {@link dev.detour.server.heal.RouteWire} is the one JSON shape of route events and summaries;
 * {@link dev.detour.server.heal.UpstreamToolInvoker} is where router-core meets the upstream clients.
 */
package dev.detour.server.heal;
