package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.server.policy.LimitsConfig;
import java.util.List;
import java.util.Optional;

/** Reads the {@code limits:} section: per-principal call rate and concurrency, per-session requests, body size. */
final class LimitsReader {

    private static final List<String> KEYS = List.of("calls", "per", "concurrentCalls", "sessionRequests", "maxBodyBytes");

    private final NodeReader r;

    LimitsReader(NodeReader r) {
        this.r = r;
    }

    Optional<LimitsConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        LimitsConfig d = LimitsConfig.none();
        return f.build(() -> new LimitsConfig(f.has("calls") ? f.integer("calls", d.calls()) : d.calls(), f.duration("per").orElse(d.per()),
                f.has("concurrentCalls") ? f.integer("concurrentCalls", 0) : 0, f.has("sessionRequests") ? f.integer("sessionRequests", 0) : 0,
                f.has("maxBodyBytes") ? f.integer("maxBodyBytes", d.maxBodyBytes()) : d.maxBodyBytes()), "correct the limit as the message says");
    }
}
