package dev.detour.server.mcp;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Protection against DNS rebinding: a web page on another site must not reach a Detour bound to
 * loopback through the victim's browser.
 *
 * <p>Rules: a request without {@code Origin} (not a browser) passes the Origin check; an {@code
 * Origin} passes when it is listed in {@code allowedOrigins} or, with {@code allowLoopbackOrigins},
 * when its host is {@code localhost}, {@code 127.0.0.1} or {@code [::1]}. When the server is bound to
 * loopback, the {@code Host} header must also name a loopback host (a rebinding attack resolves a
 * foreign name to 127.0.0.1, so the browser sends the foreign name). Immutable and thread-safe.
 */
public final class OriginValidator {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedOrigins;
    private final boolean allowLoopbackOrigins;
    private final boolean checkHost;

    /**
     * @param allowedOrigins       exact origins to accept, e.g. {@code https://app.example.com}
     * @param allowLoopbackOrigins accept any origin whose host is a loopback name
     * @param checkHost            require a loopback {@code Host} header (set when bound to loopback)
     */
    public OriginValidator(Set<String> allowedOrigins, boolean allowLoopbackOrigins, boolean checkHost) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.allowLoopbackOrigins = allowLoopbackOrigins;
        this.checkHost = checkHost;
    }

    /**
     * Checks one request's headers.
     *
     * @param origin the {@code Origin} header, or {@code null}
     * @param host   the {@code Host} header (authority), or {@code null}
     * @return the reason to reject, or empty to accept
     */
    public Optional<String> rejection(String origin, String host) {
        if (checkHost && host != null && !LOOPBACK_HOSTS.contains(hostName(host))) {
            return Optional.of("Host '" + host + "' is not a loopback host");
        }
        if (origin == null || allowedOrigins.contains(origin)) {
            return Optional.empty();
        }
        if (allowLoopbackOrigins && LOOPBACK_HOSTS.contains(originHost(origin))) {
            return Optional.empty();
        }
        return Optional.of("Origin '" + origin + "' is not allowed");
    }

    private static String hostName(String authority) {
        String lower = authority.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            int end = lower.indexOf(']');
            return end < 0 ? lower : lower.substring(0, end + 1);
        }
        int colon = lower.indexOf(':');
        return colon < 0 ? lower : lower.substring(0, colon);
    }

    private static String originHost(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
