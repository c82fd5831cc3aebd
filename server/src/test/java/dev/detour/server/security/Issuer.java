package dev.detour.server.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A test authorization server: an RSA key pair whose public half is served as a JWK Set on loopback,
 * and tokens signed with it (or deliberately broken) minted on demand, with times relative to the
 * test's clock.
 */
final class Issuer implements AutoCloseable {

    static final String ISSUER = "https://idp.test";
    static final String RESOURCE = "https://detour.test/mcp";

    final RSAKey key;
    final RSAKey stranger;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    private Issuer(RSAKey key, RSAKey stranger, HttpServer server) {
        this.key = key;
        this.stranger = stranger;
        this.server = server;
    }

    static Issuer start(Vertx vertx) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate(); // same kid, other key: a forged signature
        Issuer[] self = new Issuer[1];
        HttpServer server = vertx.createHttpServer().requestHandler(r -> {
            self[0].fetches.incrementAndGet();
            r.response().putHeader("Content-Type", "application/json").end(new JWKSet(key.toPublicJWK()).toString(true));
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        self[0] = new Issuer(key, stranger, server);
        return self[0];
    }

    String jwksUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/jwks.json";
    }

    int fetches() {
        return fetches.get();
    }

    /** Claims of a good token for {@code subject} with {@code roles}, valid from {@code now} for 10 minutes. */
    static JWTClaimsSet.Builder claims(Instant now, String subject, List<String> roles) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(RESOURCE).subject(subject).claim("roles", roles).claim("scope", "mcp")
                .claim("tenant", "acme").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    /** A compact JWS signed with the issuer's key. */
    String sign(JWTClaimsSet claims) throws Exception {
        return sign(claims, key, h -> h);
    }

    String sign(JWTClaimsSet claims, RSAKey with, UnaryOperator<JWSHeader.Builder> header) throws Exception {
        SignedJWT jwt = new SignedJWT(header.apply(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT))
                .build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    /** {@code alg: none}. */
    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** An HS256 token keyed with the issuer's public modulus: the classic algorithm-confusion attack. */
    String hmacWithPublicKey(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims);
        byte[] secret = key.toPublicJWK().getModulus().decode();
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** The token with its payload replaced by {@code claims}, signature kept. */
    static String tampered(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes());
        return parts[0] + "." + payload + "." + parts[2];
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
