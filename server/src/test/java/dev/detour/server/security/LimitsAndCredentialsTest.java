package dev.detour.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-principal limits, the per-session cap, the audit log, and what upstreams are sent: their own
 * configured credentials, never the client's token.
 */
class LimitsAndCredentialsTest {

    @TempDir
    static Path dir;

    static SecureSidecar detour;

    @BeforeAll
    static void start() throws Exception {
        detour = new SecureSidecar(dir, "limits: {calls: 3, per: 1h, sessionRequests: 12}", SecureSidecar.POLICY);
    }

    @AfterAll
    static void stop() throws Exception {
        detour.close();
    }

    @Test
    void aPrincipalOverItsRateGetsRateLimitedWithRetryAfterAndOthersAreUnaffected() throws Exception {
        SecureSidecar.Client carol = detour.client(detour.token("carol", "a"));
        carol.initialize();
        for (int i = 0; i < 3; i++) {
            assertThat(carol.call("a_read").path("result").path("isError").asBoolean()).isFalse();
        }

        JsonNode limited = carol.call("a_read").path("result");

        assertThat(limited.path("isError").asBoolean()).isTrue();
        JsonNode serf = limited.path("structuredContent");
        assertThat(serf.path("category").asText()).isEqualTo("RATE_LIMITED");
        assertThat(serf.path("retryAfter").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(3600);
        assertThat(serf.path("sideEffects").asText()).isEqualTo("NONE");

        SecureSidecar.Client dave = detour.client(detour.token("dave", "a"));
        dave.initialize();
        assertThat(dave.call("a_read").path("result").path("isError").asBoolean()).isFalse();
    }

    @Test
    void aSessionPastItsRequestCapGets429() throws Exception {
        SecureSidecar.Client erin = detour.client(detour.token("erin", "a"));
        erin.initialize(); // 2 requests on the session: initialize is not counted, notifications/initialized is
        int status = 200;
        int sent = 0;
        while (status == 200 && sent < 20) {
            status = erin.rpc("ping", JsonRpc.MAPPER.createObjectNode()).status();
            sent++;
        }
        assertThat(status).isEqualTo(429);
        assertThat(sent).isEqualTo(12);
    }

    @Test
    void anUpstreamThatRequiresABearerGetsTheConfiguredOneAndNeverTheClients() throws Exception {
        String token = detour.token("frank", "ops");
        SecureSidecar.Client frank = detour.client(token);
        frank.initialize();

        assertThat(frank.call("a_read").path("result").path("content").get(0).path("text").asText()).isEqualTo("a_read from alpha");
        assertThat(frank.call("b_read").path("result").path("content").get(0).path("text").asText()).isEqualTo("b_read from beta");
        assertThat(frank.call("search").path("result").path("isError").asBoolean()).isFalse();

        assertThat(detour.alpha.seen()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.headers().get("Authorization")).isEqualTo("Bearer " + SecureSidecar.ALPHA_TOKEN);
            assertThat(s.headers().toString() + s.body()).doesNotContain(token);
        });
        assertThat(detour.beta.seen()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.headers().toString() + s.body()).doesNotContain(token).doesNotContain(SecureSidecar.ALPHA_TOKEN);
            if (s.path().equals("/mcp")) {
                assertThat(s.headers().get("Authorization")).startsWith("Bearer tok-");
            }
        });
        // one client-credentials token per upstream client pool (agent sessions, healing sessions) until it nears expiry
        assertThat(detour.beta.tokenRequests()).isBetween(1, 2);
    }

    @Test
    void everyToolCallIsAuditedWithoutArgumentsOrTokens() throws Exception {
        String token = detour.token("grace", "b");
        SecureSidecar.Client grace = detour.client(token);
        grace.initialize();
        grace.call("b_read");
        grace.call("a_write");
        detour.client("forged").initialize();

        List<JsonNode> lines = awaitAudit(l -> l.contains("grace") && l.contains("a_write"));
        JsonNode ok = lines.stream().filter(l -> l.path("tool").asText().equals("b_read") && l.path("principal").path("sub").asText()
                .equals("grace")).findFirst().orElseThrow();
        assertThat(ok.path("outcome").asText()).isEqualTo("OK");
        assertThat(ok.path("providers").get(0).asText()).isEqualTo("b_read@beta");
        assertThat(ok.path("principal").path("tenant").asText()).isEqualTo("acme");
        assertThat(ok.has("latencyMillis")).isTrue();
        assertThat(ok.has("time")).isTrue();
        assertThat(ok.has("arguments")).isFalse();
        JsonNode denied = lines.stream().filter(l -> l.path("tool").asText().equals("a_write") && l.path("principal").path("sub").asText()
                .equals("grace")).findFirst().orElseThrow();
        assertThat(denied.path("outcome").asText()).isEqualTo("DENIED");
        awaitAudit(l -> l.contains("\"rejected\"") && l.contains("INVALID"));
        assertThat(Files.readString(detour.audit)).doesNotContain(token).doesNotContain("\"q\"");
    }

    private static List<JsonNode> awaitAudit(java.util.function.Predicate<String> until) throws Exception {
        TestVertx.awaitCondition("the audit log to match", 5_000, () -> until.test(auditText()));
        return auditText().lines().map(l -> (JsonNode) JsonRpc.parse(l.getBytes())).toList();
    }

    private static String auditText() {
        try {
            return Files.exists(detour.audit) ? Files.readString(detour.audit) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theAdminListenerWantsItsOwnKey() throws Exception {
        McpTestClient http = new McpTestClient(detour.sidecar.url());
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(detour.sidecar.adminUrl() + "/admin/graph"));
        assertThat(http.http().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.http().send(request.header("Authorization", "Bearer " + detour.token("root", "ops")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(detour.sidecar.adminUrl() + "/admin/graph"))
                .header("Authorization", "Bearer " + SecureSidecar.ADMIN_KEY).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void theHealthChecksAnswerWithoutTheAdminKeyAndNothingElseDoes() throws Exception {
        McpTestClient http = new McpTestClient(detour.sidecar.url());
        for (String path : List.of("/health/live", "/health/ready")) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(detour.sidecar.adminUrl() + path)).build();
            assertThat(http.http().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(200);
        }
        var metrics = java.net.http.HttpRequest.newBuilder(java.net.URI.create(detour.sidecar.adminUrl() + "/metrics")).build();
        assertThat(http.http().send(metrics, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }
}
