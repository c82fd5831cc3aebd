package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.server.auth.AdminConfig;
import dev.detour.server.auth.ApiKey;
import java.util.List;
import java.util.Optional;

/** Reads the {@code admin:} section: the admin listener's own API keys. */
final class AdminReader {

    private static final List<String> KEYS = List.of("apiKeys");

    private final NodeReader r;
    private final AuthReader keys;

    AdminReader(NodeReader r, AuthReader keys) {
        this.r = r;
        this.keys = keys;
    }

    Optional<AdminConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        List<ApiKey> apiKeys = f.has("apiKeys") ? keys.apiKeys(f.get("apiKeys")) : List.of();
        if (r.problems().size() > before) {
            return Optional.empty();
        }
        return f.build(() -> new AdminConfig(apiKeys), "add apiKeys: [{hash: sha256:…, subject: prometheus}]");
    }
}
