package dev.detour.server.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public keys as Nimbus asks for them: a JWK Set held in memory and swapped whole, so
 * verifying a token never waits on the network. Fetched from the JWKS URL without blocking (Vert.x
 * HTTP client) when Detour starts, again every {@link JwtConfig#jwksRefresh()}, and when a token
 * names a key id the set lacks — at most once per {@link JwtConfig#MIN_JWKS_REFETCH}, so tokens with
 * made-up key ids cannot turn Detour against its issuer. Only public keys are kept. Fetching runs on
 * {@code context}; reads are thread-safe.
 */
final class JwksKeys implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
    /** A JWK Set larger than this is not one. */
    static final int MAX_JWKS_BYTES = 512 * 1024;

    private final URI url;
    private final HttpClient client;
    private final Context context;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Duration refresh;
    private volatile JWKSet current;
    private long lastFetch;
    private boolean fetchedOnce;
    private Future<Void> fetching;
    private Scheduler.Cancellable next;
    private volatile boolean closed;

    private JwksKeys(URI url, JWKSet fixed, HttpClient client, Context context, Ticker ticker, Scheduler scheduler, Duration refresh) {
        this.url = url;
        this.current = fixed != null ? fixed : new JWKSet();
        this.client = client;
        this.context = context;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.refresh = refresh;
    }

    /** Keys from a key file: never fetched. */
    static JwksKeys fixed(JWKSet keys) {
        return new JwksKeys(null, keys.toPublicJWKSet(), null, null, null, null, null);
    }

    /** Keys fetched from {@code config}'s JWKS URL through {@code client}, on {@code context}. */
    static JwksKeys fetched(JwtConfig config, HttpClient client, Context context, Ticker ticker, Scheduler scheduler) {
        return new JwksKeys(config.jwksUrl(), null, client, context, ticker, scheduler, config.jwksRefresh());
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(current);
    }

    /** True when the set holds a key with this id (a token without {@code kid} matches by type). */
    boolean knows(String kid) {
        return kid == null || current.getKeyByKeyId(kid) != null;
    }

    /** Fetches the set now and arms the periodic refresh; completes when the first fetch ended, well or not. */
    Future<Void> start() {
        if (url == null) {
            return Future.succeededFuture();
        }
        return fetch().otherwiseEmpty();
    }

    /**
     * Fetches again because a token named an unknown key id, unless a fetch happened within
     * {@link JwtConfig#MIN_JWKS_REFETCH}. On the context. Completes when the set is as fresh as allowed.
     */
    Future<Void> refetchForUnknownKey() {
        if (url == null || closed) {
            return Future.succeededFuture();
        }
        if (fetching != null) {
            return fetching;
        }
        if (fetchedOnce && ticker.nanos() - lastFetch < JwtConfig.MIN_JWKS_REFETCH.toNanos()) {
            return Future.succeededFuture();
        }
        return fetch().otherwiseEmpty();
    }

    void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }

    private Future<Void> fetch() {
        if (fetching != null) {
            return fetching;
        }
        lastFetch = ticker.nanos();
        fetchedOnce = true;
        Promise<Void> done = Promise.promise();
        fetching = done.future();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .putHeader("Accept", "application/json").setIdleTimeout(5_000).setConnectTimeout(5_000);
        client.request(options).compose(HttpClientRequest::send).compose(response -> {
            if (response.statusCode() != 200) {
                response.body();
                return Future.failedFuture("HTTP " + response.statusCode());
            }
            String length = response.getHeader("Content-Length");
            if (length != null && length.length() > 9) {
                return Future.failedFuture("the JWK Set is too large");
            }
            return response.body();
        }).onComplete(body -> {
            fetching = null;
            if (body.succeeded()) {
                try {
                    if (body.result().length() > MAX_JWKS_BYTES) {
                        throw new ParseException("larger than " + MAX_JWKS_BYTES + " bytes", 0);
                    }
                    JWKSet fetched = JWKSet.parse(body.result().toString(StandardCharsets.UTF_8)).toPublicJWKSet();
                    current = fetched;
                    LOG.debug("JWK Set from {}: {} key(s)", url, fetched.getKeys().size());
                } catch (ParseException e) {
                    LOG.warn("the JWK Set from {} does not parse ({}); keeping the {} key(s) held", url, e.getMessage(), current.getKeys().size());
                }
            } else {
                LOG.warn("fetching the JWK Set from {} failed ({}); keeping the {} key(s) held", url, body.cause().getMessage(),
                        current.getKeys().size());
            }
            armRefresh();
            done.complete();
        });
        return fetching;
    }

    private void armRefresh() {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel();
        }
        next = scheduler.schedule(() -> context.runOnContext(v -> {
            if (!closed) {
                fetch();
            }
        }), refresh);
    }
}
