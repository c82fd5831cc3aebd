package dev.detour.server.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import dev.detour.server.observe.SidecarMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * This replica's membership of a Detour cluster: a clustered Vert.x on Vert.x's Hazelcast cluster
 * manager, joined over TCP/IP to the configured members or through Hazelcast's Kubernetes discovery
 * (multicast and cloud auto-detection off, so a replica joins only whom the file names).
 *
 * <pre>{@code
 * DetourCluster cluster = DetourCluster.join(config.cluster(), null, new VertxOptions(), registry).await();
 * DetourSidecar.start(cluster, config, options);
 * }</pre>
 */
public final class DetourCluster {

    /** Hazelcast's cluster name: replicas of other products on the same members' ports are not joined. */
    public static final String CLUSTER_NAME = "detour";

    private final Vertx vertx;
    private final HazelcastClusterManager manager;

    private DetourCluster(Vertx vertx, HazelcastClusterManager manager) {
        this.vertx = vertx;
        this.manager = manager;
    }

    /**
     * Starts a clustered Vert.x and joins the cluster of {@code config.members()}.
     *
     * @param config   an enabled cluster section
     * @param host     the interface the cluster member and the event bus bind (e.g. the pod IP, or
     *                 {@code 127.0.0.1} in tests), or {@code null}: Hazelcast picks one
     * @param options  the Vert.x options; its event-bus host is set from {@code host}
     * @param registry where Vert.x's own meters go, as for an unclustered sidecar
     */
    public static Future<DetourCluster> join(ClusterConfig config, String host, VertxOptions options, MeterRegistry registry) {
        if (!config.enabled()) {
            return Future.failedFuture(new IllegalArgumentException("cluster.enabled is false: nothing to join"));
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(config, host));
        VertxOptions clustered = new VertxOptions(options);
        if (host != null) {
            clustered.getEventBusOptions().setHost(host).setPort(0);
        }
        return SidecarMetrics.measuredClusteredVertx(registry, clustered, manager).map(vertx -> new DetourCluster(vertx, manager));
    }

    static Config hazelcastConfig(ClusterConfig config, String host) {
        Config hz = ConfigUtil.loadConfig(); // Vert.x's own maps and multimap (subscriptions, node info) come with it
        hz.setClusterName(CLUSTER_NAME);
        hz.setProperty("hazelcast.phone.home.enabled", "false"); // no call home from a sidecar
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false"); // Detour leaves the cluster after draining, not before
        hz.setProperty("hazelcast.wait.seconds.before.join", "1"); // Hazelcast's 5 s default delays every start
        NetworkConfig network = hz.getNetworkConfig();
        network.setPort(config.port()).setPortAutoIncrement(false);
        if (host != null) {
            hz.setProperty("hazelcast.socket.bind.any", "false");
            network.getInterfaces().setEnabled(true).addInterface(host);
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (config.kubernetes() != null) {
            KubernetesConfig kubernetes = join.getKubernetesConfig().setEnabled(true).setProperty("service-name", config.kubernetes().serviceName())
                    .setProperty("resolve-not-ready-addresses", "true"); // pods join before they are ready: readiness waits on the join
            if (config.kubernetes().namespace() != null) {
                kubernetes.setProperty("namespace", config.kubernetes().namespace());
            }
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(config.members().stream().map(ClusterConfig.Member::toString).toList());
        }
        return hz;
    }

    /** The clustered Vert.x the sidecar runs on. */
    public Vertx vertx() {
        return vertx;
    }

    /** This member's node id: the origin of the verdicts it publishes. */
    public String nodeId() {
        return manager.getNodeId();
    }

    /** How many members the cluster has now, this one included; 0 once it has left or its Hazelcast instance is down. */
    public int members() {
        return running() ? manager.getNodes().size() : 0;
    }

    /** Whether this member is in a cluster: not when it has left, nor when its Hazelcast instance went down under it. */
    private boolean running() {
        return manager.isActive() && manager.getHazelcastInstance().getLifecycleService().isRunning();
    }

    /**
     * Tells {@code listener} the cluster's node ids whenever a member joins or leaves, on a Hazelcast
     * event thread, until the returned handle is run. A listener of its own on Hazelcast's membership:
     * Vert.x's cluster manager has room for one node listener, and Vert.x's event bus uses it.
     */
    public Runnable onMembersChanged(Consumer<List<String>> listener) {
        Objects.requireNonNull(listener, "listener");
        UUID registration = manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.accept(manager.getNodes());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.accept(manager.getNodes());
            }
        });
        return () -> {
            if (running()) {
                manager.getHazelcastInstance().getCluster().removeMembershipListener(registration);
            }
        };
    }

    /** The cluster-wide map {@code name} as Hazelcast holds it, for what is cheap to read synchronously (its size). */
    Map<?, ?> syncMap(String name) {
        return manager.getSyncMap(name);
    }

    /** Leaves the cluster and closes the Vert.x. */
    public Future<Void> close() {
        return vertx.close();
    }

    @Override
    public String toString() {
        return "DetourCluster[" + Objects.toString(nodeId()) + "]";
    }
}
