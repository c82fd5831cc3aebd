package dev.detour.server.cluster;

import static dev.detour.server.cluster.ClusterHealthTest.freeMember;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.server.fakes.TestVertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coordinated recovery on three real cluster members in this JVM: each replica routes requests to a
 * tool unless its view has the tool unavailable, and feeds the outcomes to its own circuit breaker
 * ({@link ClusterReplica#BREAKER}: opens after two failures, half-opens 300 ms later). Each test has a
 * tool of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTrialsTest {

    private static final long PROPAGATION_MILLIS = 1_000;
    private static final long RECOVERY_MILLIS = 5_000;
    private static final List<ClusterReplica> REPLICAS = new ArrayList<>();
    private static ClusterReplica a;
    private static ClusterReplica b;
    private static ClusterReplica c;

    @BeforeAll
    static void startThreeMembers() throws Exception {
        REPLICAS.addAll(ClusterReplica.startAll(List.of(freeMember(), freeMember(), freeMember()), ClusterHealth.DEFAULT_VERDICT_TTL));
        a = REPLICAS.get(0);
        b = REPLICAS.get(1);
        c = REPLICAS.get(2);
    }

    @AfterAll
    static void stopMembers() {
        REPLICAS.forEach(ClusterReplica::stop);
    }

    @Test
    void onlyTheMemberWhoseBreakerOpenedSendsTheTrialCallsAndAllFollowItsRecovery() {
        String tool = "search@cheap";
        TestVertx.awaitCondition("A's breaker opens", PROPAGATION_MILLIS, () -> {
            a.route(tool, false);
            return a.unavailable(tool);
        });
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> b.unavailable(tool) && c.unavailable(tool));
        int before = b.calls.get() + c.calls.get();

        // the upstream is back; every replica keeps serving requests
        AtomicInteger callsByOthersDuringTrials = new AtomicInteger();
        TestVertx.awaitCondition("all back on the cheap provider", RECOVERY_MILLIS, () -> {
            boolean trialsPassed = !breakerHolds(a, tool);
            a.route(tool, true);
            int others = (b.route(tool, true) ? 1 : 0) + (c.route(tool, true) ? 1 : 0);
            if (!trialsPassed) {
                callsByOthersDuringTrials.addAndGet(others);
            }
            return a.healthy(tool) && b.healthy(tool) && c.healthy(tool);
        });

        assertThat(callsByOthersDuringTrials).as("calls from B and C before A's trials passed").hasValue(0);
        assertThat(b.calls.get() + c.calls.get()).as("B and C route to the tool again").isGreaterThan(before);
        assertThat(List.of(a, b, c)).allSatisfy(r -> assertThat(r.route(tool, true)).isTrue());
    }

    @Test
    void whenTwoMembersHoldAToolDownOnlyTheirTrialOwnerSendsTrialCallsUntilItsTrialsPass() {
        String tool = "fetch@cheap";
        // two failures each on A and C, before either's verdict can reach the other: both breakers open
        for (int i = 0; i < 2; i++) {
            a.route(tool, false);
            c.route(tool, false);
        }
        TestVertx.awaitCondition("both breakers open", PROPAGATION_MILLIS, () -> breakerHolds(a, tool) && breakerHolds(c, tool));
        TestVertx.awaitCondition("propagation", PROPAGATION_MILLIS, () -> b.unavailable(tool));
        String ownerId = TrialOwner.among(tool, Set.of(a.cluster.nodeId(), c.cluster.nodeId())).orElseThrow();
        ClusterReplica owner = ownerId.equals(a.cluster.nodeId()) ? a : c;
        ClusterReplica otherHolder = owner == a ? c : a;

        AtomicInteger callsByOthersDuringTrials = new AtomicInteger();
        TestVertx.awaitCondition("all back on the cheap provider", RECOVERY_MILLIS, () -> {
            boolean trialsPassed = !breakerHolds(owner, tool); // its breaker closed; its view may still show the other's trials
            owner.route(tool, true);
            int others = (otherHolder.route(tool, true) ? 1 : 0) + (b.route(tool, true) ? 1 : 0);
            if (!trialsPassed) {
                callsByOthersDuringTrials.addAndGet(others);
            }
            return a.healthy(tool) && b.healthy(tool) && c.healthy(tool);
        });

        assertThat(callsByOthersDuringTrials).as("calls from the other two before the owner's trials passed").hasValue(0);
        assertThat(List.of(a, b, c)).allSatisfy(r -> assertThat(r.route(tool, true)).isTrue());
    }

    private static boolean breakerHolds(ClusterReplica replica, String tool) {
        return replica.runner.board().opinions(tool).stream().anyMatch(o -> o.monitor().equals(BreakerMonitor.NAME));
    }
}
