package dev.detour.server.cluster;

import dev.detour.router.InvalidFieldException;
import java.util.List;
import java.util.Objects;

/**
 * The {@code cluster:} section of {@code detour.yaml}: whether this Detour joins other replicas in one
 * Vert.x cluster, how it finds them — the members to contact (Hazelcast TCP/IP join) or a Kubernetes
 * service (Hazelcast's Kubernetes discovery); multicast is always off — and the port its cluster
 * member listens on. Immutable; off by default, so a single Detour needs nothing.
 *
 * <pre>{@code
 * cluster:
 *   enabled: true
 *   members: [10.0.0.5:5701, 10.0.0.6:5701]      # or: kubernetes: {serviceName: detour-cluster}
 *   port: 5701
 * }</pre>
 *
 * @param enabled    whether to start a clustered Vert.x and share health with the other members
 * @param members    the replicas to contact when joining, each {@code host:port} (listing this replica
 *                   itself is fine: a lone member forms a cluster of one)
 * @param kubernetes the Kubernetes service whose pods are the members, or {@code null}; when enabled,
 *                   exactly one of {@code members} and {@code kubernetes} says how to join
 * @param port       the TCP port this replica's cluster member binds, 1–65535
 */
public record ClusterConfig(boolean enabled, List<Member> members, Kubernetes kubernetes, int port) {

    /** 5701: Hazelcast's own default member port. */
    public static final int DEFAULT_PORT = 5701;

    public ClusterConfig {
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("port", "port " + port + " is not a TCP port (1-65535)");
        }
        if (!members.isEmpty() && kubernetes != null) {
            throw new InvalidFieldException(List.of("kubernetes", "members"),
                    "members and kubernetes are two ways to join: give one of them");
        }
        if (enabled && members.isEmpty() && kubernetes == null) {
            throw new InvalidFieldException("members", "a cluster needs at least one member to join through, or a kubernetes service");
        }
    }

    /** A cluster joined over TCP/IP through {@code members}. */
    public ClusterConfig(boolean enabled, List<Member> members, int port) {
        this(enabled, members, null, port);
    }

    /** No clustering: what a file without a {@code cluster:} section means. */
    public static ClusterConfig disabled() {
        return new ClusterConfig(false, List.of(), DEFAULT_PORT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Members found through a Kubernetes service (Hazelcast's Kubernetes discovery, API mode: the pods
     * behind the service, read from the Kubernetes API, which needs read access to endpoints and pods).
     *
     * @param serviceName the service whose pods are the members (e.g. a headless service on port 5701)
     * @param namespace   its namespace, or {@code null}: the pod's own
     */
    public record Kubernetes(String serviceName, String namespace) {

        public Kubernetes {
            Objects.requireNonNull(serviceName, "serviceName");
            if (!serviceName.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new InvalidFieldException("serviceName", "'" + serviceName + "' is not a Kubernetes service name (lower-case DNS label)");
            }
            if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new InvalidFieldException("namespace", "'" + namespace + "' is not a Kubernetes namespace name (lower-case DNS label)");
            }
        }
    }

    /** Builds a {@link ClusterConfig}; disabled, no members, port {@value #DEFAULT_PORT} unless set. Not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private List<Member> members = List.of();
        private Kubernetes kubernetes;
        private int port = DEFAULT_PORT;

        private Builder() {
        }

        public Builder enabled(boolean v) {
            this.enabled = v;
            return this;
        }

        public Builder members(List<Member> v) {
            this.members = v;
            return this;
        }

        public Builder kubernetes(Kubernetes v) {
            this.kubernetes = v;
            return this;
        }

        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public ClusterConfig build() {
            return new ClusterConfig(enabled, members, kubernetes, port);
        }
    }

    /**
     * One replica to contact when joining.
     *
     * @param host a host name or IP address
     * @param port its cluster port, 1–65535
     */
    public record Member(String host, int port) {

        public Member {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || host.contains(" ")) {
                throw new IllegalArgumentException("'" + host + "' is not a host name");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a TCP port (1-65535)");
            }
        }

        /**
         * Parses {@code host:port}.
         *
         * @throws IllegalArgumentException naming what is wrong with {@code text}
         */
        public static Member parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not host:port: the port is not a number");
            }
            return new Member(text.substring(0, colon), port);
        }

        /** {@code host:port}, as Hazelcast's TCP/IP join takes it. */
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
