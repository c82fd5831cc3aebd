/**
 * {@code detour serve}: the MCP sidecar with healing tools — the proxy of {@code dev.detour.server.proxy}
 * with a config file's logical and goal tools on top, health monitors fed by every upstream call,
 * and hot reload of the config.
 */
package dev.detour.server.serve;
