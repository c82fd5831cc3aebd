package dev.detour.server.auth;

import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.auth.Rejection.Reason;
import dev.detour.server.identity.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the {@code Authorization} header of one request into a {@link Principal}, or a
 * {@link Rejection}: {@code Bearer} followed by either a JWT access token (validated by
 * {@link JwtValidator}) or a static API key (matched by hash). A token with two dots is a JWT and
 * only ever validated as one. Completes at once unless the token names a key id the JWK Set lacks,
 * which fetches the set again first (rate-limited by {@link JwksKeys}). Used on the listener's context.
 */
public final class Authenticator {

    /** RFC 6750 {@code b64token}. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    /** Longer is no access token but an attempt to make Detour parse megabytes. */
    static final int MAX_TOKEN_CHARS = 8 * 1024;

    private final AuthConfig config;
    private final JwksKeys keys;
    private final JwtValidator jwt;

    private Authenticator(AuthConfig config, JwksKeys keys, InstantSource clock) {
        this.config = config;
        this.keys = keys;
        this.jwt = keys == null ? null : new JwtValidator(config.jwt(), config.resource().toString(), keys, clock);
    }

    /**
     * An authenticator for {@code config}; JWK Sets are fetched through {@code client} on {@code context},
     * refreshed on {@code scheduler}, and token times read from {@code clock}.
     */
    public static Authenticator create(AuthConfig config, HttpClient client, Context context, Ticker ticker, Scheduler scheduler,
            InstantSource clock) {
        JwtConfig j = config.jwt();
        JwksKeys keys = j == null ? null : j.keys() != null ? JwksKeys.fixed(j.keys()) : JwksKeys.fetched(j, client, context, ticker, scheduler);
        return new Authenticator(config, keys, clock);
    }

    public AuthConfig config() {
        return config;
    }

    /** Fetches the JWK Set the first time; completes when that attempt ended, well or not. */
    public Future<Void> start() {
        return keys == null ? Future.succeededFuture() : keys.start();
    }

    /** Stops refreshing the JWK Set. */
    public void close() {
        if (keys != null) {
            keys.close();
        }
    }

    /**
     * The principal behind a request's {@code Authorization} header values.
     *
     * @return a future failing with a {@link Rejection} when the request is not authenticated
     */
    public Future<Principal> authenticate(List<String> authorization) {
        Optional<String> token;
        try {
            token = bearer(authorization);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        if (token.isEmpty()) {
            return Future.failedFuture(new Rejection(Reason.MISSING));
        }
        String t = token.get();
        if (t.chars().filter(c -> c == '.').count() == 2) {
            if (jwt == null) {
                return Future.failedFuture(new Rejection(Reason.INVALID));
            }
            Optional<String> kid = JwtValidator.keyId(t);
            if (kid.isPresent() && !kid.get().isEmpty() && !keys.knows(kid.get())) {
                return keys.refetchForUnknownKey().compose(v -> validate(t));
            }
            return validate(t);
        }
        byte[] digest = ApiKey.digest(t);
        // Every key is compared, so the time taken does not tell which one nearly matched.
        ApiKey found = null;
        for (ApiKey key : config.apiKeys()) {
            if (key.matches(digest) && found == null) {
                found = key;
            }
        }
        if (found == null) {
            return Future.failedFuture(new Rejection(Reason.INVALID));
        }
        return Future.succeededFuture(new Principal(found.subject(), found.tenant(), found.roles(), found.scopes(), Principal.Method.API_KEY));
    }

    private Future<Principal> validate(String token) {
        try {
            return Future.succeededFuture(jwt.validate(token));
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
    }

    /** The bearer token of the header values; empty when none was sent. */
    static Optional<String> bearer(List<String> authorization) throws Rejection {
        if (authorization == null || authorization.isEmpty()) {
            return Optional.empty();
        }
        if (authorization.size() > 1) {
            throw new Rejection(Reason.MALFORMED);
        }
        String header = authorization.getFirst().strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new Rejection(Reason.MALFORMED);
        }
        String token = header.substring(space + 1).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS || !TOKEN.matcher(token).matches()) {
            throw new Rejection(Reason.MALFORMED);
        }
        return Optional.of(token);
    }
}
