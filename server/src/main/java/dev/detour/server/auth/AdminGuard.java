package dev.detour.server.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The admin listener's own credential check: with {@code admin:}, every request must carry
 * {@code Authorization: Bearer <key>} of one of its API keys (compared by SHA-256, in constant time);
 * anything else gets {@code 401}. Without {@code admin:} there is no check, and the listener must be
 * on loopback (the sidecar refuses to start it elsewhere).
 */
public final class AdminGuard implements Handler<RoutingContext> {

    private final AdminConfig config;

    public AdminGuard(AdminConfig config) {
        this.config = config;
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean ok;
        try {
            ok = Authenticator.bearer(ctx.request().headers().getAll("Authorization")).map(token -> {
                byte[] digest = ApiKey.digest(token);
                boolean found = false;
                for (ApiKey key : config.apiKeys()) {
                    found |= key.matches(digest);
                }
                return found;
            }).orElse(false);
        } catch (Rejection r) {
            ok = false;
        }
        if (ok) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"detour-admin\"")
                    .putHeader("Content-Type", "application/json").end("{\"error\":\"unauthorized\"}");
        }
    }

    /** The keys this guard accepts (for tests and messages). */
    public List<ApiKey> keys() {
        return config.apiKeys();
    }
}
