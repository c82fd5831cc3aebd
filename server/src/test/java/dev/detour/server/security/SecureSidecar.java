package dev.detour.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.graphs.loader.Source;
import dev.detour.router.time.ManualClock;
import dev.detour.server.auth.ApiKey;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.secret.SecretTemplates;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code detour serve} with {@code auth:} in front of two recording upstreams, on loopback: the
 * issuer's JWK Set is served by {@link Issuer}, token times read from a {@link ManualClock}
 * (2026-01-01), and the config's secrets come from a fixed environment.
 *
 * <p>Upstream {@code alpha} demands {@code Bearer alpha-upstream-secret} (configured as
 * {@code headers: {Authorization: "Bearer ${env:ALPHA_TOKEN}"}}); {@code beta} gets an OAuth
 * client-credentials token from its own token endpoint. Both serve {@code find}, the providers of
 * the logical tool {@code search}; alpha also {@code a_read}, {@code a_write}, {@code shared};
 * beta {@code b_read}. The policy: role {@code a} — alpha's {@code a_*}, {@code search} through beta
 * only; role {@code b} — beta's {@code b_*} and alpha's {@code shared}, {@code search} through any
 * provider, resources and prompts of beta.
 */
final class SecureSidecar implements AutoCloseable {

    static final String ALPHA_TOKEN = "alpha-upstream-secret";
    static final String BETA_CLIENT_SECRET = "beta-client-secret-value";
    static final String API_KEY = "dtr_live_0123456789abcdefghijklmnopqrstuv";
    static final String ADMIN_KEY = "dtr_admin_zyxwvutsrqponmlkjihgfedcba9876";

    static final String POLICY = """
            policy:
              rules:
                - roles: [a]
                  tools: ["alpha/a_*"]
                  logicalTools: [search]
                  providers: ["beta/*"]
                - roles: [b]
                  tools: ["beta/b_*", "alpha/shared"]
                  logicalTools: [search]
                  resources: ["mem://beta/*"]
                  prompts: ["beta/*"]
                - roles: [ops]
                  tools: ["*"]
                  logicalTools: ["*"]
            """;

    final Vertx vertx = Vertx.vertx();
    final ManualClock clock = new ManualClock();
    final Issuer issuer;
    final SecuredUpstream alpha;
    final SecuredUpstream beta;
    final DetourSidecar sidecar;
    final Path config;
    final Path audit;

    SecureSidecar(Path dir, String limits, String policy) throws Exception {
        issuer = Issuer.start(vertx);
        alpha = SecuredUpstream.start(vertx, "alpha", List.of("a_read", "a_write", "find", "shared"), ALPHA_TOKEN, Map.of());
        beta = SecuredUpstream.start(vertx, "beta", List.of("b_read", "find"), null, Map.of("detour", BETA_CLIENT_SECRET));
        audit = dir.resolve("audit.jsonl");
        config = Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  alpha:
                    url: %s
                    headers: {Authorization: "Bearer ${env:ALPHA_TOKEN}"}
                  beta:
                    url: %s
                    oauth: {tokenUrl: %s, clientId: detour, clientSecret: "${env:BETA_SECRET}", scopes: [mcp.read]}
                    forwardIdentity: true
                logicalTools:
                  search:
                    description: Search.
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: alpha, tool: find, cost: 1}
                      - {upstream: beta, tool: find, cost: 2}
                passThrough: {hideProviders: false}
                auth:
                  resource: %s
                  authorizationServers: [%s]
                  requiredScopes: [mcp]
                  jwt: {issuer: %s, jwksUrl: %s, clockSkew: 30s}
                  apiKeys:
                    - {hash: "sha256:%s", subject: ci-bot, roles: [ops], scopes: [mcp]}
                admin:
                  apiKeys: [{hash: "sha256:%s", subject: prometheus}]
                audit: {to: %s}
                %s
                %s
                """.formatted(alpha.url(), beta.url(), beta.tokenUrl(), Issuer.RESOURCE, Issuer.ISSUER, Issuer.ISSUER, issuer.jwksUrl(),
                HexFormat.of().formatHex(ApiKey.digest(API_KEY)), HexFormat.of().formatHex(ApiKey.digest(ADMIN_KEY)), audit, limits, policy));
        DetourConfig loaded = ConfigLoader.load(Source.file(config),
                SecretTemplates.of(Map.of("ALPHA_TOKEN", ALPHA_TOKEN, "BETA_SECRET", BETA_CLIENT_SECRET)));
        sidecar = DetourSidecar.start(vertx, loaded, SidecarOptions.builder().adminPort(0).clock(clock).build())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    SecureSidecar(Path dir) throws Exception {
        this(dir, "", POLICY);
    }

    /** A good token for {@code subject} with {@code roles}, valid now. */
    String token(String subject, String... roles) throws Exception {
        return issuer.sign(Issuer.claims(clock.instant(), subject, List.of(roles)).build());
    }

    /** A client that sends {@code Authorization: Bearer token} (none when null). */
    Client client(String token) {
        return new Client(new McpTestClient(sidecar.url()), token);
    }

    @Override
    public void close() throws Exception {
        sidecar.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        alpha.close();
        beta.close();
        issuer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** An MCP client with a bearer token. */
    static final class Client {
        final McpTestClient mcp;
        final String token;

        Client(McpTestClient mcp, String token) {
            this.mcp = mcp;
            this.token = token;
        }

        Map<String, String> auth() {
            Map<String, String> h = new LinkedHashMap<>();
            if (token != null) {
                h.put("Authorization", "Bearer " + token);
            }
            return h;
        }

        /** {@code initialize}, then {@code notifications/initialized}; the session is kept. */
        McpTestClient.Reply initialize() {
            ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
            params.putObject("capabilities");
            params.putObject("clientInfo").put("name", "admin-says-the-client").put("version", "1");
            McpTestClient.Reply reply = mcp.post(JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(0),
                    "initialize", params)), auth());
            mcp.sessionId(reply.headers().firstValue("Mcp-Session-Id").orElse(null));
            mcp.post(JsonRpc.encodeToString(JsonRpc.notification("notifications/initialized", null)), auth());
            return reply;
        }

        McpTestClient.Reply rpc(String method, ObjectNode params) {
            return mcp.post(JsonRpc.encodeToString(mcp.request(method, params)), auth());
        }

        JsonNode call(String tool) {
            ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
            params.putObject("arguments").put("q", "x");
            return rpc("tools/call", params).response();
        }

        List<String> toolNames() {
            List<String> names = new ArrayList<>();
            rpc("tools/list", JsonRpc.MAPPER.createObjectNode()).response().path("result").path("tools")
                    .forEach(t -> names.add(t.path("name").asText()));
            return names;
        }
    }
}
