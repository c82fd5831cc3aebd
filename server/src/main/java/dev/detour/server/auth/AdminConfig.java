package dev.detour.server.auth;

import java.util.List;

/**
 * The {@code admin:} section: the admin listener's own credential. Without it the listener is
 * loopback-only; with it, every admin request must carry {@code Authorization: Bearer <key>} of
 * one of these keys, wherever it binds. Immutable.
 *
 * @param apiKeys the keys accepted, stored as SHA-256 hashes
 */
public record AdminConfig(List<ApiKey> apiKeys) {

    public AdminConfig {
        apiKeys = List.copyOf(apiKeys);
        if (apiKeys.isEmpty()) {
            throw new dev.detour.router.InvalidFieldException("apiKeys", "admin needs at least one API key (or leave the section out: loopback only)");
        }
    }
}
