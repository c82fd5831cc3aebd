package dev.detour.server.secret;

import dev.detour.router.InvalidFieldException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An upstream's {@code oauth:}: Detour gets its own access token for the upstream with the OAuth 2.1
 * client-credentials grant, and refreshes it before it expires. The client's token is never used
 * for this (no passthrough). Immutable; prints no secret.
 *
 * @param tokenUrl     the authorization server's token endpoint
 * @param clientId     Detour's client id there
 * @param clientSecret Detour's client secret, sent with HTTP Basic authentication (RFC 6749 §2.3.1)
 * @param scopes       scopes to ask for (may be empty)
 * @param resource     the upstream's canonical URI, sent as RFC 8707 {@code resource}, or {@code null}
 */
public record OAuthClientConfig(URI tokenUrl, String clientId, Secret clientSecret, List<String> scopes, String resource) {

    public OAuthClientConfig {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        if (!tokenUrl.isAbsolute() || tokenUrl.getHost() == null
                || !("https".equals(tokenUrl.getScheme()) || "http".equals(tokenUrl.getScheme()))) {
            throw new InvalidFieldException("tokenUrl", "tokenUrl must be an absolute http(s) URL, got '" + tokenUrl + "'");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new InvalidFieldException("clientId", "clientId must not be empty");
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new InvalidFieldException("clientSecret", "clientSecret must not be empty (read it with ${env:NAME} or ${file:/path})");
        }
        scopes = List.copyOf(scopes);
    }
}
