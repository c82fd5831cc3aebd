/**
 * The {@code detour.yaml} configuration: immutable records ({@link dev.detour.server.config.DetourConfig}
 * and its parts) and the {@link dev.detour.server.config.ConfigLoader} that reads them from YAML with
 * file, line and field in every problem. The format is published as
 * {@code schema/detour-config.schema.json} on the server's class path.
 */
package dev.detour.server.config;
