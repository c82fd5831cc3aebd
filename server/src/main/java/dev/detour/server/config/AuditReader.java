package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.server.audit.AuditConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the {@code audit:} section: where the audit log goes, and whether it includes arguments and results. */
final class AuditReader {

    private static final List<String> KEYS = List.of("to", "arguments", "results");

    private final NodeReader r;

    AuditReader(NodeReader r) {
        this.r = r;
    }

    Optional<AuditConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        String to = f.string("to").orElse(AuditConfig.STDOUT);
        boolean arguments = f.has("arguments") && f.bool("arguments");
        boolean results = f.has("results") && f.bool("results");
        return f.build(() -> new AuditConfig(AuditConfig.STDOUT.equals(to) ? null : Path.of(to), arguments, results),
                "write to: stdout, or an absolute file path");
    }
}
