package dev.detour.server.auth;

import dev.detour.router.InvalidFieldException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code auth:} section: Detour's MCP listener as an OAuth 2.1 resource server (MCP 2026-07-28
 * authorization). Clients present a bearer token — a JWT access token issued for {@link #resource()}
 * by the configured issuer, or a static API key — on every request. Immutable.
 *
 * @param resource             this server's canonical URI (RFC 8707): the audience every JWT must
 *                             carry, and the {@code resource} of the protected-resource metadata
 * @param authorizationServers the issuers clients get tokens from, listed in the RFC 9728 document
 * @param jwt                  JWT validation, or {@code null} when only API keys are accepted
 * @param apiKeys              static API keys, stored as SHA-256 hashes
 * @param requiredScopes       scopes every request needs; a valid token without them gets
 *                             {@code 403 insufficient_scope} naming them all
 */
public record AuthConfig(URI resource, List<URI> authorizationServers, JwtConfig jwt, List<ApiKey> apiKeys, Set<String> requiredScopes) {

    /** The RFC 9728 well-known path; the resource's path is appended to it (RFC 9728 §3.1). */
    public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    public AuthConfig {
        Objects.requireNonNull(resource, "resource");
        authorizationServers = List.copyOf(authorizationServers);
        apiKeys = List.copyOf(apiKeys);
        requiredScopes = Set.copyOf(requiredScopes);
        if (!resource.isAbsolute() || resource.getHost() == null || resource.getFragment() != null
                || !("https".equals(resource.getScheme()) || "http".equals(resource.getScheme()))) {
            throw new InvalidFieldException("resource", "resource must be an absolute http(s) URI without a fragment, got '" + resource + "'");
        }
        if (jwt == null && apiKeys.isEmpty()) {
            throw new InvalidFieldException("jwt", "auth accepts no credential: configure jwt, apiKeys, or both");
        }
        if (jwt != null && authorizationServers.isEmpty()) {
            throw new InvalidFieldException("authorizationServers",
                    "authorizationServers must name at least one issuer when jwt is configured (clients discover it there)");
        }
        for (URI server : authorizationServers) {
            if (!server.isAbsolute() || server.getHost() == null) {
                throw new InvalidFieldException("authorizationServers", "authorization server '" + server + "' is not an absolute URI");
            }
        }
    }

    /** Where the RFC 9728 document of {@link #resource()} is served: the well-known path plus the resource's path. */
    public String metadataPath() {
        String path = resource.getRawPath() == null || "/".equals(resource.getRawPath()) ? "" : resource.getRawPath();
        return METADATA_PATH + path;
    }

    /** The absolute URL of the RFC 9728 document, as the {@code resource_metadata} challenge names it. */
    public String metadataUrl() {
        return resource.getScheme() + "://" + resource.getRawAuthority() + metadataPath();
    }
}
