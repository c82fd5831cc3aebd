/**
 * The transparent MCP proxy: per-session upstream sessions, raw-JSON pass-through, progress
 * re-tagging, cancellation and server-to-client requests routed back to their session, and
 * aggregation of several upstreams with a {@link dev.detour.server.proxy.NamePolicy}.
 * {@link dev.detour.server.proxy.ProxyServer} starts it; docs/mcp-proxy.md describes its behaviour.
 */
package dev.detour.server.proxy;
