package dev.detour.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.detour.server.auth.Rejection.Reason;
import dev.detour.server.identity.Principal;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a JWT access token with Nimbus JOSE+JWT and turns its claims into a {@link Principal}.
 * What a token must be: a JWS (unsigned {@code alg: none} and encrypted tokens are refused) signed
 * with an asymmetric algorithm by a key of the issuer's JWK Set (HMAC is refused: a public key must
 * never double as a shared secret); {@code typ} absent, {@code JWT} or {@code at+jwt} (RFC 9068);
 * {@code iss} exactly the configured issuer; {@code aud} containing the resource (RFC 8707);
 * {@code exp} in the future and {@code nbf}, when present, in the past, both within the clock skew,
 * read from the injected {@link InstantSource}; {@code sub} present. Thread-safe.
 */
final class JwtValidator {

    /** Asymmetric JWS algorithms Nimbus verifies without optional dependencies. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwtConfig config;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    JwtValidator(JwtConfig config, String audience, JWKSource<SecurityContext> keys, InstantSource clock) {
        this.config = config;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("sub", "exp", "iss", "aud"), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The key id a compact JWS names, or {@code null}; empty when {@code token} is no JWS at all. */
    static java.util.Optional<String> keyId(String token) {
        try {
            JWT jwt = JWTParser.parse(token);
            return jwt instanceof SignedJWT signed ? java.util.Optional.ofNullable(signed.getHeader().getKeyID())
                    .or(() -> java.util.Optional.of("")) : java.util.Optional.empty();
        } catch (ParseException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The principal the token proves.
     *
     * @throws Rejection saying which check failed
     */
    Principal validate(String token) throws Rejection {
        JWTClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(token);
            if (!(jwt instanceof SignedJWT)) {
                throw new Rejection(Reason.INVALID); // alg none (PlainJWT) or encrypted
            }
            claims = processor.process(jwt, null);
        } catch (ParseException e) {
            throw new Rejection(Reason.INVALID);
        } catch (BadJWTException e) {
            throw new Rejection(claimsReason(e.getMessage()));
        } catch (BadJOSEException e) {
            String m = String.valueOf(e.getMessage());
            throw new Rejection(m.contains("matching key") || m.contains("No JWK") ? Reason.UNKNOWN_KEY : Reason.INVALID);
        } catch (JOSEException | RuntimeException e) {
            throw new Rejection(Reason.INVALID);
        }
        return principal(claims);
    }

    private static Reason claimsReason(String message) {
        String m = String.valueOf(message);
        if (m.contains("Expired")) {
            return Reason.EXPIRED;
        }
        if (m.contains("before use time")) {
            return Reason.NOT_YET_VALID;
        }
        if (m.contains("audience")) {
            return Reason.WRONG_AUDIENCE;
        }
        if (m.contains("iss")) {
            return Reason.WRONG_ISSUER;
        }
        return Reason.INVALID;
    }

    private Principal principal(JWTClaimsSet claims) throws Rejection {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new Rejection(Reason.INVALID);
        }
        Object tenant = claims.getClaim(config.tenantClaim());
        return new Principal(subject, tenant instanceof String t && !t.isBlank() ? t : null, strings(claims.getClaim(config.rolesClaim())),
                scopes(claims), Principal.Method.JWT);
    }

    /** {@code scope} (RFC 8693 / 9068: space-separated) or {@code scp} (a list, as some issuers send). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new HashSet<>(strings(claims.getClaim("scope")));
        scopes.addAll(strings(claims.getClaim("scp")));
        return scopes;
    }

    private static Set<String> strings(Object claim) {
        Set<String> out = new HashSet<>();
        if (claim instanceof String s) {
            Arrays.stream(s.split(" ")).filter(w -> !w.isBlank()).forEach(out::add);
        } else if (claim instanceof List<?> list) {
            list.forEach(item -> {
                if (item instanceof String s && !s.isBlank()) {
                    out.add(s);
                }
            });
        }
        return out;
    }
}
