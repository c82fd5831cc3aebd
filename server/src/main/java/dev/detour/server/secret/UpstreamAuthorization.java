package dev.detour.server.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.router.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one upstream's {@link UpstreamCredentials} on Detour's requests to it: the fixed headers, and
 * with {@code oauth:} an access token from the client-credentials grant, fetched without blocking
 * (Vert.x HTTP client), shared by concurrent requests, and fetched again before it expires — when
 * less than {@link #REFRESH_MARGIN} (or half its life, if shorter) is left — or when the upstream
 * answers 401. Nothing the client sent is ever added. Shared by every session to the upstream; call it on
 * the Vert.x context its HTTP client serves (the upstream clients' event loop), as the transports do.
 */
public final class UpstreamAuthorization {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamAuthorization.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 60 s: a token is replaced this long before it expires. */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** 5 minutes: the lifetime assumed when the token endpoint gives no {@code expires_in}. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
    /** A token response larger than this is not one. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final String upstream;
    private final UpstreamCredentials credentials;
    private final HttpClient client;
    private final Ticker ticker;
    private Secret token;
    private long refreshAt;
    private Future<Secret> fetching;

    /**
     * @param upstream    the upstream's name, for messages
     * @param client      sends token requests
     * @param ticker      token lifetimes
     */
    public UpstreamAuthorization(String upstream, UpstreamCredentials credentials, HttpClient client, Ticker ticker) {
        this.upstream = upstream;
        this.credentials = credentials;
        this.client = client;
        this.ticker = ticker;
    }

    /**
     * Adds the credentials to {@code options}.
     *
     * @return completes once they are on it; fails (naming the upstream and the token endpoint's
     *     error code, never a secret) when no token could be had — the request was then not sent
     */
    public Future<RequestOptions> apply(RequestOptions options) {
        for (Map.Entry<String, Secret> h : credentials.headers().entrySet()) {
            options.putHeader(h.getKey(), h.getValue().reveal());
        }
        if (credentials.oauth() == null) {
            return Future.succeededFuture(options);
        }
        return token().map(t -> options.putHeader("Authorization", "Bearer " + t.reveal()));
    }

    /** The upstream refused the token (HTTP 401): the next request gets a new one. */
    public synchronized void rejected() {
        token = null;
    }

    private synchronized Future<Secret> token() {
        if (token != null && ticker.nanos() < refreshAt) {
            return Future.succeededFuture(token);
        }
        if (fetching == null) {
            // assigned before the fetch starts, so a fetch that completes at once cannot leave a stale future here
            Promise<Secret> next = Promise.promise();
            fetching = next.future();
            fetch().onComplete(done -> {
                fetched(next.future());
                next.handle(done);
            });
        }
        // A token still valid serves while its successor is fetched.
        return token != null ? Future.succeededFuture(token) : fetching;
    }

    private synchronized void fetched(Future<Secret> done) {
        if (fetching == done) {
            fetching = null;
        }
    }

    private Future<Secret> fetch() {
        OAuthClientConfig oauth = credentials.oauth();
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!oauth.scopes().isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", oauth.scopes())));
        }
        if (oauth.resource() != null) {
            form.append("&resource=").append(encode(oauth.resource()));
        }
        String basic = Base64.getEncoder().encodeToString((encode(oauth.clientId()) + ":" + encode(oauth.clientSecret().reveal()))
                .getBytes(StandardCharsets.UTF_8));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(oauth.tokenUrl().toString())
                .putHeader("Content-Type", "application/x-www-form-urlencoded").putHeader("Accept", "application/json")
                .putHeader("Authorization", "Basic " + basic).setConnectTimeout(5_000).setIdleTimeout(10_000);
        long started = ticker.nanos();
        Promise<Secret> got = Promise.promise();
        client.request(options).compose(r -> r.send(Buffer.buffer(form.toString()))).compose(response ->
                response.body().map(body -> {
                    if (body.length() > MAX_RESPONSE_BYTES) {
                        throw new IllegalStateException("the token response is larger than " + MAX_RESPONSE_BYTES + " bytes");
                    }
                    return accept(response.statusCode(), body, started);
                })).onComplete(done -> {
                    if (done.succeeded()) {
                        got.complete(done.result());
                    } else {
                        String why = "upstream '" + upstream + "': no access token from " + oauth.tokenUrl() + " (" + done.cause().getMessage() + ")";
                        LOG.warn(why);
                        got.fail(why);
                    }
                });
        return got.future();
    }

    private synchronized Secret accept(int status, Buffer body, long started) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body.getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + status + ", not JSON");
        }
        if (status != 200) {
            String code = answer == null ? "" : answer.path("error").asText("");
            throw new IllegalStateException("HTTP " + status + (ERROR_CODE.matcher(code).matches() ? ", " + code : ""));
        }
        JsonNode accessToken = answer.path("access_token");
        if (!accessToken.isTextual() || accessToken.textValue().isEmpty()) {
            throw new IllegalStateException("the answer holds no access_token");
        }
        if (!"bearer".equalsIgnoreCase(answer.path("token_type").asText("bearer"))) {
            throw new IllegalStateException("token_type is not Bearer");
        }
        Duration lifetime = answer.path("expires_in").canConvertToLong() && answer.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(answer.path("expires_in").asLong()) : DEFAULT_LIFETIME;
        Duration margin = REFRESH_MARGIN.compareTo(lifetime.dividedBy(2)) < 0 ? REFRESH_MARGIN : lifetime.dividedBy(2);
        token = Secret.of(accessToken.textValue());
        refreshAt = started + lifetime.minus(margin).toNanos();
        LOG.debug("upstream '{}': access token for {} s", upstream, lifetime.toSeconds());
        return token;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** True when requests need no token fetch (fixed headers only, or none). */
    public boolean isStatic() {
        return credentials.oauth() == null;
    }
}
