/**
 * Detour as an MCP client of upstream servers: {@link dev.detour.server.upstream.UpstreamClient} (handshake,
 * request ids, timeouts, reconnect) over the {@link dev.detour.server.upstream.UpstreamTransport} SPI,
 * implemented for Streamable HTTP ({@code http}) and supervised stdio children ({@code stdio}).
 * Failures are {@link dev.detour.server.upstream.UpstreamException}s carrying a SERF error.
 */
package dev.detour.server.upstream;
