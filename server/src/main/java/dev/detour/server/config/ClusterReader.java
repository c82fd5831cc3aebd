package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.server.cluster.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code cluster:} section: whether to cluster, the members to join through, this member's port. */
final class ClusterReader {

    private static final List<String> KEYS = List.of("enabled", "members", "port");

    private final NodeReader r;

    ClusterReader(NodeReader r) {
        this.r = r;
    }

    Optional<ClusterConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        boolean enabled = f.has("enabled") && f.bool("enabled");
        List<ClusterConfig.Member> members = f.has("members") ? members(f.get("members")) : List.of();
        int port = f.has("port") ? f.integer("port", ClusterConfig.DEFAULT_PORT) : ClusterConfig.DEFAULT_PORT;
        return f.build(() -> new ClusterConfig(enabled, members, port), java.util.Map.of(), key -> "members".equals(key)
                ? "list the replicas to join through, e.g. members: [10.0.0.5:5701, 10.0.0.6:5701]"
                : "port".equals(key) ? "write port: 5701 (any free TCP port)" : "correct the cluster section as the message says");
    }

    private List<ClusterConfig.Member> members(Entry e) {
        List<ClusterConfig.Member> out = new ArrayList<>();
        List<Located> items = r.strings(e.value(), e.path());
        for (int i = 0; i < items.size(); i++) {
            Located item = items.get(i);
            try {
                out.add(ClusterConfig.Member.parse(item.value()));
            } catch (IllegalArgumentException ex) {
                r.problem(item.node(), e.path() + "[" + i + "]", ex.getMessage(), "write host:port, e.g. 10.0.0.5:5701");
            }
        }
        return out;
    }
}
