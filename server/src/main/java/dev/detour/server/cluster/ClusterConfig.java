package dev.detour.server.cluster;

import dev.detour.router.InvalidFieldException;
import java.util.List;
import java.util.Objects;

/**
 * The {@code cluster:} section of {@code detour.yaml}: whether this Detour joins other replicas in one
 * Vert.x cluster, whom it contacts to join (Hazelcast TCP/IP join; multicast is always off) and the
 * port its cluster member listens on. Immutable; off by default, so a single Detour needs nothing.
 *
 * <pre>{@code
 * cluster:
 *   enabled: true
 *   members: [10.0.0.5:5701, 10.0.0.6:5701]
 *   port: 5701
 * }</pre>
 *
 * @param enabled whether to start a clustered Vert.x and share health with the other members
 * @param members the replicas to contact when joining, each {@code host:port}; at least one when enabled
 *                (listing this replica itself is fine: a lone member forms a cluster of one)
 * @param port    the TCP port this replica's cluster member binds, 1–65535
 */
public record ClusterConfig(boolean enabled, List<Member> members, int port) {

    /** 5701: Hazelcast's own default member port. */
    public static final int DEFAULT_PORT = 5701;

    public ClusterConfig {
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("port", "port " + port + " is not a TCP port (1-65535)");
        }
        if (enabled && members.isEmpty()) {
            throw new InvalidFieldException("members", "a cluster needs at least one member to join through");
        }
    }

    /** No clustering: what a file without a {@code cluster:} section means. */
    public static ClusterConfig disabled() {
        return new ClusterConfig(false, List.of(), DEFAULT_PORT);
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
