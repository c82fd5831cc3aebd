package dev.detour.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.risk.RiskMonitor;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.fakes.TestVertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three real cluster members in this JVM — Hazelcast TCP/IP join on 127.0.0.1 only, multicast off,
 * free ports — each with its own health view, monitor runner and {@link ClusterHealth}, as three
 * Detour replicas have. What happens when a member leaves, is cut off or rejoins is {@link
 * ClusterFaultsTest}'s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterHealthTest {

    /** Refreshed every third of it, so a live verdict never lapses. */
    private static final Duration TTL = Duration.ofMillis(1500);
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    private static final List<ClusterReplica> REPLICAS = new ArrayList<>();
    private static ClusterReplica a;
    private static ClusterReplica b;
    private static ClusterReplica c;

    @BeforeAll
    static void startThreeMembers() throws Exception {
        REPLICAS.addAll(ClusterReplica.startAll(List.of(freeMember(), freeMember(), freeMember()), TTL));
        a = REPLICAS.get(0);
        b = REPLICAS.get(1);
        c = REPLICAS.get(2);
        assertThat(a.cluster.members()).isEqualTo(3);
    }

    @AfterAll
    static void stopMembers() {
        REPLICAS.forEach(ClusterReplica::stop);
    }

    @Test
    void aMembersVerdictReachesTheOthersWithinOneSecondAndSoDoesItsRecovery() throws Exception {
        a.risk.flag("search@brave", ToolHealth.unavailable(""), "upstream refuses connections");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> b.unavailable("search@brave") && c.unavailable("search@brave"));
        assertThat(b.view.health("search@brave")).isInstanceOfSatisfying(ToolHealth.Unavailable.class,
                u -> assertThat(u.reason()).contains("risk: upstream refuses connections").contains(a.cluster.nodeId()));

        a.risk.clear("search@brave");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> b.healthy("search@brave") && c.healthy("search@brave"));
        assertThat(a.healthy("search@brave")).isTrue();
    }

    @Test
    void receivedVerdictsAreNotPublishedAgain() throws Exception {
        b.risk.flag("fetch@web", ToolHealth.degraded(4.0, ""), "slow");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(),
                () -> a.view.health("fetch@web") instanceof ToolHealth.Degraded && c.view.health("fetch@web") instanceof ToolHealth.Degraded);
        // an echo would come back to B as a signal from A or C, sent before a verdict they publish later;
        // verdicts from one member reach another in order, so once B has their later ones it would have it
        a.risk.flag("marker@a", ToolHealth.unavailable(""), "marker");
        c.risk.flag("marker@c", ToolHealth.unavailable(""), "marker");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> b.unavailable("marker@a") && b.unavailable("marker@c"));
        assertThat(b.runner.board().opinions("fetch@web")).extracting(o -> o.monitor()).containsExactly(RiskMonitor.NAME);
        assertThat(a.runner.board().opinions("fetch@web")).extracting(o -> o.monitor())
                .containsExactly(ClusterHealth.REMOTE_MONITOR_PREFIX + b.cluster.nodeId());
        b.risk.clear("fetch@web");
        a.risk.clear("marker@a");
        c.risk.clear("marker@c");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> a.healthy("fetch@web") && c.healthy("fetch@web"));
    }

    @Test
    void aToolStaysDownWhileAnyMemberStillHoldsItDown() throws Exception {
        a.risk.flag("files@fs", ToolHealth.unavailable(""), "disk full");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> b.unavailable("files@fs") && c.unavailable("files@fs"));
        c.risk.flag("files@fs", ToolHealth.unavailable(""), "c sees it too");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> b.runner.board().opinions("files@fs").size() == 2);

        a.risk.clear("files@fs");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> b.runner.board().opinions("files@fs").size() == 1);
        assertThat(b.unavailable("files@fs")).as("C's verdict still holds it down on B").isTrue();
        assertThat(c.unavailable("files@fs")).as("C's own monitor still holds it down on C").isTrue();
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> a.unavailable("files@fs"));

        c.risk.clear("files@fs");
        TestVertx.awaitCondition("propagation", PROPAGATION.toMillis(), () -> a.healthy("files@fs") && b.healthy("files@fs") && c.healthy("files@fs"));
    }

    static ClusterConfig.Member freeMember() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new ClusterConfig.Member("127.0.0.1", socket.getLocalPort());
        }
    }
}
