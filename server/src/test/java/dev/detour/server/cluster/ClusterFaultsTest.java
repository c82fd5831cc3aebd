package dev.detour.server.cluster;

import static dev.detour.server.cluster.ClusterHealthTest.freeMember;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.fakes.TestVertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Members leaving, cut off and rejoining, on three real cluster members in this JVM (TCP/IP join on
 * 127.0.0.1 only). Each test takes a member away, so the order is fixed: A leaves, then C is cut off
 * and rejoins as a new member, then that member falls silent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterFaultsTest {

    /** Long enough that "withdrawn at once" is told apart from "expired". */
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final long PROPAGATION_MILLIS = 1_000;
    private static final long EXPIRY_MILLIS = TTL.plusSeconds(2).toMillis();

    private static final List<ClusterReplica> REPLICAS = new ArrayList<>();
    private static List<ClusterConfig.Member> members;
    private static ClusterReplica a;
    private static ClusterReplica b;
    private static ClusterReplica c;

    @BeforeAll
    static void startThreeMembers() throws Exception {
        members = List.of(freeMember(), freeMember(), freeMember());
        REPLICAS.addAll(ClusterReplica.startAll(members, TTL));
        a = REPLICAS.get(0);
        b = REPLICAS.get(1);
        c = REPLICAS.get(2);
    }

    @AfterAll
    static void stopMembers() {
        REPLICAS.forEach(ClusterReplica::stop);
    }

    @Test
    @Order(1)
    void aDepartedMembersVerdictsAreWithdrawnAtOnceAndTheOthersKeepServingWithTheirOwnHealth() throws Exception {
        a.risk.flag("search@brave", ToolHealth.unavailable(""), "refuses connections");
        c.risk.flag("mail@smtp", ToolHealth.unavailable(""), "relay down");
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> b.unavailable("search@brave") && b.unavailable("mail@smtp"));

        a.stop();

        TestVertx.awaitCondition("A's verdict withdrawn, well within its TTL", PROPAGATION_MILLIS,
                () -> b.healthy("search@brave") && c.healthy("search@brave"));
        assertThat(b.unavailable("mail@smtp")).as("C's verdict still holds on B").isTrue();
        b.risk.flag("files@fs", ToolHealth.unavailable(""), "disk full");
        TestVertx.awaitCondition("propagation between the two left", PROPAGATION_MILLIS, () -> c.unavailable("files@fs"));
        assertThat(b.route("search@brave", true)).as("B serves with the tool A had marked down").isTrue();
        b.risk.clear("files@fs");
        c.risk.clear("mail@smtp");
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> c.healthy("files@fs") && b.healthy("mail@smtp"));
    }

    @Test
    @Order(2)
    void aCutOffMemberDegradesToLocalHealthAndCatchesUpWhenItRejoins() throws Exception {
        b.risk.flag("search@backup", ToolHealth.unavailable(""), "maintenance");
        c.risk.flag("fetch@web", ToolHealth.unavailable(""), "c's own finding");
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> c.unavailable("search@backup") && b.unavailable("fetch@web"));

        hazelcastOn(members.get(2)).getLifecycleService().terminate(); // abruptly: no goodbye, as when a pod's network goes

        TestVertx.awaitCondition("B drops the cut-off member's verdict", PROPAGATION_MILLIS * 3, () -> b.healthy("fetch@web"));
        TestVertx.awaitCondition("C, alone, lets B's verdict lapse", EXPIRY_MILLIS, () -> c.healthy("search@backup"));
        assertThat(c.unavailable("fetch@web")).as("C's own monitors still hold on C").isTrue();

        c.stop();
        ClusterReplica rejoined = ClusterReplica.start(config(members.get(2)), TTL);
        REPLICAS.add(rejoined);
        TestVertx.awaitCondition("the rejoined member catches up", PROPAGATION_MILLIS, () -> rejoined.unavailable("search@backup"));
        assertThat(b.cluster.members()).isEqualTo(2);
        c = rejoined;
        b.risk.clear("search@backup");
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> c.healthy("search@backup"));
    }

    @Test
    @Order(3)
    void aMemberThatFallsSilentHasItsVerdictsExpireAfterTheTtl() throws Exception {
        c.risk.flag("search@brave", ToolHealth.unavailable(""), "down");
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> b.unavailable("search@brave"));

        c.health.close(); // still a member, but publishes and refreshes nothing any more

        assertThat(b.unavailable("search@brave")).as("falling silent is no recovery").isTrue();
        TestVertx.awaitCondition("C's verdict expires", EXPIRY_MILLIS, () -> b.healthy("search@brave"));
    }

    private static ClusterConfig config(ClusterConfig.Member self) {
        return new ClusterConfig(true, members, self.port());
    }

    private static HazelcastInstance hazelcastOn(ClusterConfig.Member member) {
        return Hazelcast.getAllHazelcastInstances().stream().filter(hz -> hz.getLifecycleService().isRunning())
                .filter(hz -> hz.getCluster().getLocalMember().getAddress().getPort() == member.port()).findFirst().orElseThrow();
    }
}
