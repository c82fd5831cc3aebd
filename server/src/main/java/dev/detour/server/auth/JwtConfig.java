package dev.detour.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import dev.detour.router.InvalidFieldException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How JWT access tokens are validated: signature against the issuer's keys (fetched from
 * {@link #jwksUrl()}, or fixed from a key file), {@code iss} equal to {@link #issuer()},
 * {@code exp}/{@code nbf} within {@link #clockSkew()}, and the audience checked by
 * {@link AuthConfig#resource()}. Immutable.
 *
 * @param jwksUrl     the issuer's JWK Set URL, or {@code null} with {@code keys}
 * @param keys        public keys read from a key file (JWKS JSON or PEM), or {@code null} with {@code jwksUrl}
 * @param issuer      the exact {@code iss} every token must carry
 * @param clockSkew   tolerance on {@code exp} and {@code nbf}
 * @param rolesClaim  the claim holding the principal's roles (a string array or a space-separated string)
 * @param tenantClaim the claim holding the principal's tenant
 * @param jwksRefresh how often the JWK Set is fetched again (key rotation); an unknown {@code kid} also
 *                    fetches it, at most once per {@link #MIN_JWKS_REFETCH}
 */
public record JwtConfig(URI jwksUrl, JWKSet keys, String issuer, Duration clockSkew, String rolesClaim, String tenantClaim,
        Duration jwksRefresh) {

    /** 60 s: the usual tolerance between an issuer's clock and Detour's. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** At most 5 minutes: more would accept tokens long expired. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** {@code roles}. */
    public static final String DEFAULT_ROLES_CLAIM = "roles";
    /** {@code tenant}. */
    public static final String DEFAULT_TENANT_CLAIM = "tenant";
    /** 5 minutes. */
    public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);
    /** 30 s: tokens with unknown key ids cannot make Detour hammer the issuer. */
    public static final Duration MIN_JWKS_REFETCH = Duration.ofSeconds(30);

    public JwtConfig {
        if ((jwksUrl == null) == (keys == null)) {
            throw new InvalidFieldException("jwksUrl", "give exactly one of jwksUrl and keyFile");
        }
        if (jwksUrl != null && (!jwksUrl.isAbsolute() || jwksUrl.getHost() == null
                || !("https".equals(jwksUrl.getScheme()) || "http".equals(jwksUrl.getScheme())))) {
            throw new InvalidFieldException("jwksUrl", "jwksUrl must be an absolute http(s) URL, got '" + jwksUrl + "'");
        }
        if (keys != null) {
            keys = keys.toPublicJWKSet();
            if (keys.getKeys().isEmpty()) {
                throw new InvalidFieldException("keyFile", "the key file holds no public key");
            }
        }
        if (issuer == null || issuer.isBlank()) {
            throw new InvalidFieldException("issuer", "issuer must name the token issuer exactly as its iss claim does");
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new InvalidFieldException("clockSkew", "clockSkew must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + "s, got " + clockSkew);
        }
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new InvalidFieldException("rolesClaim", "rolesClaim must name a claim");
        }
        if (tenantClaim == null || tenantClaim.isBlank()) {
            throw new InvalidFieldException("tenantClaim", "tenantClaim must name a claim");
        }
        Objects.requireNonNull(jwksRefresh, "jwksRefresh");
        if (jwksRefresh.compareTo(MIN_JWKS_REFETCH) < 0) {
            throw new InvalidFieldException("jwksRefresh", "jwksRefresh must be at least " + MIN_JWKS_REFETCH.toSeconds() + "s, got " + jwksRefresh);
        }
    }

    // JWKSet has no value equality; compare the keys' JSON so a reload sees an unchanged key file as unchanged.
    @Override
    public boolean equals(Object o) {
        return o instanceof JwtConfig j && Objects.equals(jwksUrl, j.jwksUrl) && Objects.equals(json(keys), json(j.keys))
                && issuer.equals(j.issuer) && clockSkew.equals(j.clockSkew) && rolesClaim.equals(j.rolesClaim)
                && tenantClaim.equals(j.tenantClaim) && jwksRefresh.equals(j.jwksRefresh);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jwksUrl, json(keys), issuer, clockSkew, rolesClaim, tenantClaim, jwksRefresh);
    }

    private static String json(JWKSet keys) {
        return keys == null ? null : keys.toString(true);
    }
}
