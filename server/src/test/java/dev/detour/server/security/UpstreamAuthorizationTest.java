package dev.detour.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.time.ManualClock;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.secret.OAuthClientConfig;
import dev.detour.server.secret.Secret;
import dev.detour.server.secret.UpstreamAuthorization;
import dev.detour.server.secret.UpstreamCredentials;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth client credentials for an upstream: fetched once, shared, refreshed before expiry on Detour's ticker, renewed after a 401. */
class UpstreamAuthorizationTest {

    Vertx vertx;
    SecuredUpstream idp;
    io.vertx.core.http.HttpClient http;
    final ManualClock clock = new ManualClock();

    io.vertx.core.Context context;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        idp = SecuredUpstream.start(vertx, "idp", List.of(), null, Map.of("detour", "s3cret:with/odd&chars"));
        http = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        idp.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private UpstreamAuthorization authorization(String secret) {
        OAuthClientConfig oauth = new OAuthClientConfig(URI.create(idp.tokenUrl()), "detour", Secret.of(secret), List.of("a", "b"),
                "https://up.test/mcp");
        return new UpstreamAuthorization("up", new UpstreamCredentials(Map.of("X-Tenant", Secret.of("acme")), oauth), http, clock);
    }

    /** Applies {@code auth} on a Vert.x context, as the upstream clients do (they live on the endpoint's event loop). */
    private RequestOptions applied(UpstreamAuthorization auth) throws Exception {
        java.util.concurrent.CompletableFuture<RequestOptions> done = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> auth.apply(new RequestOptions()).onComplete(r -> {
            if (r.succeeded()) {
                done.complete(r.result());
            } else {
                done.completeExceptionally(r.cause());
            }
        }));
        return done.get(10, TimeUnit.SECONDS);
    }

    private String bearer(UpstreamAuthorization auth) throws Exception {
        return applied(auth).getHeaders().get("Authorization");
    }

    @Test
    void theTokenIsFetchedOnceAndRefreshedAMinuteBeforeItExpires() throws Exception {
        idp.tokenLifetime(600);
        UpstreamAuthorization auth = authorization("s3cret:with/odd&chars");

        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(530));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(20)); // 550 s: within the last minute
        applied(auth); // the old token serves while its successor is fetched
        TestVertx.awaitCondition("the successor token serves", 10_000, () -> {
            try {
                return "Bearer tok-2".equals(bearer(auth));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(idp.tokenRequests()).isEqualTo(2);
        String form = idp.seen().getFirst().body();
        assertThat(form).contains("grant_type=client_credentials", "scope=a+b", "resource=https%3A%2F%2Fup.test%2Fmcp")
                .doesNotContain("s3cret");
    }

    @Test
    void aRejectedTokenIsReplacedOnTheNextRequest() throws Exception {
        UpstreamAuthorization auth = authorization("s3cret:with/odd&chars");
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");

        auth.rejected();

        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
    }

    @Test
    void aRefusedClientFailsTheRequestNamingTheErrorCodeButNotTheSecret() {
        UpstreamAuthorization auth = authorization("wrong-secret-value");

        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> applied(auth));

        assertThat(failed.getCause().getMessage()).contains("upstream 'up'", "HTTP 401", "invalid_client").doesNotContain("wrong-secret-value");
    }

    @Test
    void fixedHeadersAreAddedToEveryRequest() throws Exception {
        RequestOptions o = applied(authorization("s3cret:with/odd&chars"));
        assertThat(o.getHeaders().get("X-Tenant")).isEqualTo("acme");
    }
}
