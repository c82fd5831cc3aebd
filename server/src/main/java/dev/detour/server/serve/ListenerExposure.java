package dev.detour.server.serve;

import dev.detour.server.config.DetourConfig;
import dev.detour.server.mcp.McpEndpointConfig;
import java.util.Optional;

/**
 * Who can reach the sidecar's listeners, checked before anything starts: an MCP listener on an
 * interface other than loopback needs {@code auth:}, and an admin listener there needs
 * {@code admin:} — unless {@link SidecarOptions#insecureNoAuth()} says to serve anyway. Also where
 * {@code limits.maxBodyBytes} reaches the endpoint.
 */
final class ListenerExposure {

    private ListenerExposure() {
    }

    /** Why the sidecar must not start as configured, or empty. */
    static Optional<String> refusal(DetourConfig config, SidecarOptions options) {
        if (options.insecureNoAuth()) {
            return Optional.empty();
        }
        if (config.auth() == null && !options.endpoint().loopbackBound()) {
            return Optional.of("refusing to serve MCP on " + options.endpoint().host() + " without auth: anyone who reaches the port could call "
                    + "every tool. Configure auth: in " + config.source() + ", bind 127.0.0.1, or pass --insecure-no-auth");
        }
        if (config.admin() == null && !loopback(options.adminHost())) {
            return Optional.of("refusing to serve the admin listener on " + options.adminHost() + " without admin: apiKeys (it shows the live "
                    + "graph and route decisions). Configure admin: in " + config.source() + ", bind 127.0.0.1, or pass --insecure-no-auth");
        }
        return Optional.empty();
    }

    /** The endpoint's settings with the config's body-size cap. */
    static McpEndpointConfig endpoint(DetourConfig config, SidecarOptions options) {
        McpEndpointConfig e = options.endpoint();
        int cap = config.limits().maxBodyBytes();
        if (cap == e.maxBodyBytes()) {
            return e;
        }
        return new McpEndpointConfig(e.host(), e.port(), e.path(), cap, e.sessionIdleTimeout(), e.sessionSweepInterval(), e.allowedOrigins(),
                e.drainTimeout());
    }

    private static boolean loopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}
