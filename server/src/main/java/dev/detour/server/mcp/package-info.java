/**
 * The downstream MCP transport: Streamable HTTP on Vert.x ({@link dev.detour.server.mcp.McpEndpointVerticle},
 * {@link dev.detour.server.mcp.StreamableHttpEndpoint}) for the 2025 session revisions and the stateless
 * 2026-07-28 revision, sessions with idle expiry ({@link dev.detour.server.mcp.Sessions}), DNS-rebinding
 * protection ({@link dev.detour.server.mcp.OriginValidator}), raw JSON-RPC trees
 * ({@link dev.detour.server.mcp.JsonRpc}) and protocol faults ({@link dev.detour.server.mcp.JsonRpcException}).
 * What is served is behind {@link dev.detour.server.mcp.McpServer}; the proxy implements it.
 */
package dev.detour.server.mcp;
