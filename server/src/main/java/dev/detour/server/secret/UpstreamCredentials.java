package dev.detour.server.secret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Detour presents to one HTTP upstream: fixed {@code headers:} (values may read the
 * environment or a file) and, optionally, an OAuth client-credentials token sent as
 * {@code Authorization: Bearer}. These are Detour's credentials for the upstream — never the
 * client's. Immutable; prints header names only.
 *
 * @param headers header name → value, in config order
 * @param oauth   the client-credentials grant, or {@code null}
 */
public record UpstreamCredentials(Map<String, Secret> headers, OAuthClientConfig oauth) {

    /** No credentials. */
    public static final UpstreamCredentials NONE = new UpstreamCredentials(Map.of(), null);

    /** RFC 9110 field names. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers Detour sets itself: the upstream's MCP transport would break with them overridden. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("host", "content-length", "content-type", "accept",
            "mcp-session-id", "mcp-protocol-version", "last-event-id", "connection", "transfer-encoding");

    public UpstreamCredentials {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        for (Map.Entry<String, Secret> h : headers.entrySet()) {
            checkHeader(h.getKey(), h.getValue());
        }
        if (oauth != null && headers.keySet().stream().anyMatch("authorization"::equalsIgnoreCase)) {
            throw new IllegalArgumentException("give either an Authorization header or oauth, not both");
        }
    }

    /**
     * Checks one header.
     *
     * @throws IllegalArgumentException naming the header (never the value) when it cannot be sent
     */
    public static void checkHeader(String name, Secret value) {
        Objects.requireNonNull(value, "value");
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("header '" + name + "' is set by Detour's MCP transport and cannot be configured");
        }
        String v = value.reveal();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                throw new IllegalArgumentException("the value of header '" + name + "' holds a line break or a character HTTP cannot carry");
            }
        }
    }

    /** True when there is nothing to send. */
    public boolean isEmpty() {
        return headers.isEmpty() && oauth == null;
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[headers=" + headers.keySet() + (oauth == null ? "" : ", oauth=" + oauth.tokenUrl()) + "]";
    }
}
