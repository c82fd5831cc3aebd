package dev.detour.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.mcp.JsonRpc;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP listener as an OAuth 2.1 resource server: real RS256 tokens minted here, the issuer's JWK
 * Set served on loopback. Every broken token is a 401 with the RFC 9728 challenge; a token without
 * the required scope a 403 naming it; the protected-resource metadata is served; a session cannot
 * be used with another principal's token.
 */
class ClientAuthenticationTest {

    @TempDir
    static Path dir;

    static SecureSidecar detour;

    @BeforeAll
    static void start() throws Exception {
        detour = new SecureSidecar(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        detour.close();
    }

    private static Instant now() {
        return detour.clock.instant();
    }

    private static JWTClaimsSet good() {
        return Issuer.claims(now(), "alice", List.of("a")).build();
    }

    /** Every token here must be refused with 401 and the challenge naming the metadata document. */
    static Map<String, String> brokenTokens() throws Exception {
        Issuer issuer = detour.issuer;
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("k9").generate();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", issuer.sign(Issuer.claims(now().minus(Duration.ofHours(1)), "alice", List.of("a")).build()));
        tokens.put("not yet valid", issuer.sign(new JWTClaimsSet.Builder(good()).notBeforeTime(Date.from(now().plus(Duration.ofMinutes(5))))
                .build()));
        tokens.put("wrong audience", issuer.sign(new JWTClaimsSet.Builder(good()).audience("https://other.test/mcp").build()));
        tokens.put("no audience", issuer.sign(new JWTClaimsSet.Builder(good()).audience((String) null).build()));
        tokens.put("wrong issuer", issuer.sign(new JWTClaimsSet.Builder(good()).issuer("https://evil.test").build()));
        tokens.put("bad signature", issuer.sign(good(), issuer.stranger, h -> h));
        tokens.put("alg none", Issuer.unsigned(good()));
        tokens.put("HS256 keyed with the public key", issuer.hmacWithPublicKey(good()));
        tokens.put("tampered claims", Issuer.tampered(issuer.sign(good()),
                new JWTClaimsSet.Builder(good()).claim("roles", List.of("ops")).build()));
        tokens.put("unknown kid", issuer.sign(good(), unknown, h -> h));
        tokens.put("no subject", issuer.sign(new JWTClaimsSet.Builder(good()).subject(null).build()));
        tokens.put("no expiry", issuer.sign(new JWTClaimsSet.Builder(good()).expirationTime(null).build()));
        tokens.put("garbage", "not-a-token");
        tokens.put("three garbage parts", "a.b.c");
        tokens.put("wrong API key", "dtr_live_not_the_key_0000000000000000000");
        return tokens;
    }

    @Test
    void aRequestWithoutATokenGets401WithTheResourceMetadataChallenge() {
        McpTestClient.Reply reply = detour.client(null).initialize();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer scope=\"mcp\", resource_metadata=\"https://detour.test/.well-known/oauth-protected-resource/mcp\"");
        assertThat(reply.response().path("error").path("message").asText()).startsWith("Unauthorized: no bearer token was sent");
    }

    @Test
    void everyBrokenTokenGets401WithAnInvalidTokenChallenge() throws Exception {
        for (Map.Entry<String, String> broken : brokenTokens().entrySet()) {
            McpTestClient.Reply reply = detour.client(broken.getValue()).initialize();

            assertThat(reply.status()).as(broken.getKey()).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate").orElse("")).as(broken.getKey())
                    .startsWith("Bearer error=\"invalid_token\"")
                    .endsWith("resource_metadata=\"https://detour.test/.well-known/oauth-protected-resource/mcp\"");
            assertThat(reply.body()).as(broken.getKey()).doesNotContain("Exception").doesNotContain("nimbus").doesNotContain(broken.getValue());
        }
    }

    @Test
    void aMalformedAuthorizationHeaderGets401AsAnInvalidRequest() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer \u00e9t\u00e9", "bearer")) {
            McpTestClient.Reply reply = detour.client(null).mcp.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                    Map.of("Authorization", header));
            assertThat(reply.status()).as(header).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate").orElse("")).as(header).contains("resource_metadata=");
        }
    }

    @Test
    void aValidTokenOpensASessionAndAnAnswer() throws Exception {
        SecureSidecar.Client alice = detour.client(detour.token("alice", "a"));

        assertThat(alice.initialize().status()).isEqualTo(200);
        assertThat(alice.rpc("ping", JsonRpc.MAPPER.createObjectNode()).status()).isEqualTo(200);
    }

    @Test
    void aTokenIsValidWithinTheClockSkewAndNotAfter() throws Exception {
        JWTClaimsSet justExpired = new JWTClaimsSet.Builder(good()).expirationTime(Date.from(now().minusSeconds(20))).build();
        JWTClaimsSet longExpired = new JWTClaimsSet.Builder(good()).expirationTime(Date.from(now().minusSeconds(40))).build();

        assertThat(detour.client(detour.issuer.sign(justExpired)).initialize().status()).isEqualTo(200);
        assertThat(detour.client(detour.issuer.sign(longExpired)).initialize().status()).isEqualTo(401);
    }

    @Test
    void theClockThatDecidesExpiryIsTheInjectedOne() throws Exception {
        String token = detour.token("alice", "a");
        SecureSidecar.Client alice = detour.client(token);
        assertThat(alice.initialize().status()).isEqualTo(200);

        detour.clock.advance(Duration.ofMinutes(11));

        assertThat(alice.rpc("ping", JsonRpc.MAPPER.createObjectNode()).status()).isEqualTo(401);
    }

    @Test
    void aValidTokenWithoutTheRequiredScopeGets403InsufficientScope() throws Exception {
        String token = detour.issuer.sign(new JWTClaimsSet.Builder(good()).claim("scope", "other").build());

        McpTestClient.Reply reply = detour.client(token).initialize();

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", scope=\"mcp\", "
                + "resource_metadata=\"https://detour.test/.well-known/oauth-protected-resource/mcp\"");
    }

    @Test
    void anApiKeyAuthenticatesAndItsHashIsAllTheConfigHolds() throws Exception {
        assertThat(detour.client(SecureSidecar.API_KEY).initialize().status()).isEqualTo(200);
        assertThat(java.nio.file.Files.readString(detour.config)).doesNotContain(SecureSidecar.API_KEY);
    }

    @Test
    void theProtectedResourceMetadataNamesTheResourceAndItsAuthorizationServers() throws Exception {
        URI base = URI.create(detour.sidecar.url()).resolve("/");
        for (String path : List.of(".well-known/oauth-protected-resource/mcp", ".well-known/oauth-protected-resource")) {
            HttpResponse<String> answer = new McpTestClient(detour.sidecar.url()).http().send(HttpRequest.newBuilder(base.resolve(path)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            JsonNode doc = JsonRpc.parse(answer.body().getBytes());
            assertThat(doc.path("resource").asText()).isEqualTo(Issuer.RESOURCE);
            assertThat(doc.path("authorization_servers").get(0).asText()).isEqualTo(Issuer.ISSUER);
            assertThat(doc.path("scopes_supported").get(0).asText()).isEqualTo("mcp");
            assertThat(doc.path("bearer_methods_supported").get(0).asText()).isEqualTo("header");
        }
    }

    @Test
    void aSessionOpenedByOnePrincipalIsUnknownToAnother() throws Exception {
        SecureSidecar.Client alice = detour.client(detour.token("alice", "a"));
        alice.initialize();
        SecureSidecar.Client mallory = detour.client(detour.token("mallory", "a"));
        mallory.mcp.sessionId(alice.mcp.sessionId());

        McpTestClient.Reply stolen = mallory.rpc("tools/list", JsonRpc.MAPPER.createObjectNode());

        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.response().path("error").path("code").asInt()).isEqualTo(-32001);
        assertThat(alice.rpc("ping", JsonRpc.MAPPER.createObjectNode()).status()).isEqualTo(200);
    }

    @Test
    void anUnknownKeyIdFetchesTheKeySetAgainAtMostOncePerInterval() throws Exception {
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("k-rotated").generate();
        int before = detour.issuer.fetches();
        for (int i = 0; i < 5; i++) {
            detour.client(detour.issuer.sign(good(), unknown, h -> h)).initialize();
        }
        assertThat(detour.issuer.fetches() - before).isLessThanOrEqualTo(1);
    }
}
