/**
 * Detour as an MCP client of upstream servers: {@link dev.detour.server.upstream.UpstreamClient} (handshake,
 * request ids, timeouts, reconnect) over the {@link dev.detour.server.upstream.UpstreamTransport} SPI,
 * implemented for Streamable HTTP ({@code http}) and supervised stdio children ({@code stdio}).
 * Failures are router-core's {@link dev.detour.router.error.ToolErrorException}s carrying a SERF error
 * that names the upstream; {@link dev.detour.server.upstream.UpstreamFailures} makes them and reads them back.
 */
package dev.detour.server.upstream;
