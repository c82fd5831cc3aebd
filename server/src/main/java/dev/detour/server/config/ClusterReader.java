package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.server.cluster.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code cluster:} section: whether to cluster, the members or Kubernetes service to join through, this member's port. */
final class ClusterReader {

    private static final List<String> KEYS = List.of("enabled", "members", "kubernetes", "port");
    private static final List<String> KUBERNETES_KEYS = List.of("serviceName", "namespace");

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
        Optional<ClusterConfig.Kubernetes> kubernetes = f.has("kubernetes") ? kubernetes(f.get("kubernetes")) : Optional.empty();
        int port = f.has("port") ? f.integer("port", ClusterConfig.DEFAULT_PORT) : ClusterConfig.DEFAULT_PORT;
        if (f.has("kubernetes") && kubernetes.isEmpty()) {
            return Optional.empty(); // its problem is reported; "no way to join" would only repeat it
        }
        return f.build(() -> ClusterConfig.builder().enabled(enabled).members(members).kubernetes(kubernetes.orElse(null)).port(port).build(),
                Map.of(), key -> switch (key) {
                    case "members" -> "list the replicas to join through, e.g. members: [10.0.0.5:5701, 10.0.0.6:5701], "
                            + "or name a service: kubernetes: {serviceName: detour-cluster}";
                    case "kubernetes" -> "remove members (the service's pods are the members) or kubernetes";
                    case "port" -> "write port: 5701 (any free TCP port)";
                    case null, default -> "correct the cluster section as the message says";
                });
    }

    private Optional<ClusterConfig.Kubernetes> kubernetes(Entry e) {
        Optional<Fields> fields = Fields.of(r, e, KUBERNETES_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        Optional<Entry> serviceName = f.required("serviceName", "write serviceName: detour-cluster (the headless service of the replicas)");
        Optional<String> name = serviceName.isEmpty() ? Optional.empty() : f.string("serviceName");
        Optional<String> namespace = f.string("namespace");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return f.build(() -> new ClusterConfig.Kubernetes(name.get(), namespace.orElse(null)), Map.of(),
                key -> "write a lower-case DNS label, e.g. detour-cluster");
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
