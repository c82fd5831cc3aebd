package dev.detour.server.cluster;

import static dev.detour.server.cluster.ClusterHealthTest.freeMember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.Hazelcast;
import dev.detour.router.escalate.CachingEscalationPolicy;
import dev.detour.router.escalate.DecisionStore;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.server.fakes.TestVertx;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared decision cache on three real cluster members in this JVM (TCP/IP join on 127.0.0.1 only):
 * each member's {@link CachingEscalationPolicy} over a {@link ClusterDecisions}, as three replicas with
 * the same {@code llm} section have. Each test uses its own dead end, so they do not share decisions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterDecisionsTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final List<DetourCluster> MEMBERS = new ArrayList<>();

    @BeforeAll
    static void startThreeMembers() throws Exception {
        List<ClusterConfig.Member> members = List.of(freeMember(), freeMember(), freeMember());
        for (ClusterConfig.Member self : members) {
            MEMBERS.add(DetourCluster.join(new ClusterConfig(true, members, self.port()), "127.0.0.1", TestVertx.options(),
                    new SimpleMeterRegistry()).await(30, TimeUnit.SECONDS));
        }
        assertThat(MEMBERS.getFirst().members()).isEqualTo(3);
    }

    @AfterAll
    static void stopMembers() throws Exception {
        for (DetourCluster member : MEMBERS) {
            member.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDeadEndHitOnThreeMembersAtOnceCostsOneDecision() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<EscalationDecision> llm = new CompletableFuture<>();
        List<CachingEscalationPolicy> policies = policies(request -> {
            calls.incrementAndGet();
            return llm;
        }, ClusterDecisions.DEFAULT_TTL);

        List<CompletableFuture<DecisionStore.Found>> found = new ArrayList<>();
        for (CachingEscalationPolicy policy : policies) {
            found.add(CompletableFuture.supplyAsync(() -> policy.lookup(deadEnd("report"))).thenCompose(stage -> stage));
        }
        TestVertx.awaitCondition("the first member asks", 5_000, () -> calls.get() == 1);
        llm.complete(new EscalationDecision.DemoteTo("summary", "the search upstream is down"));

        CompletableFuture.allOf(found.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(f -> f.join().decision()).containsOnly(new EscalationDecision.DemoteTo("summary", "the search upstream is down"));
        assertThat(found).filteredOn(f -> !f.join().cached()).as("exactly one member asked").hasSize(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aMemberThatHitsTheDeadEndLaterFindsTheDecisionOfAnother() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<CachingEscalationPolicy> policies = policies(counting(calls, new EscalationDecision.Escalate("nobody can search now")),
                ClusterDecisions.DEFAULT_TTL);

        assertThat(policies.get(0).lookup(deadEnd("research")).toCompletableFuture().get(10, TimeUnit.SECONDS).cached()).isFalse();
        DecisionStore.Found onC = policies.get(2).lookup(deadEnd("research")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(onC).isEqualTo(new DecisionStore.Found(new EscalationDecision.Escalate("nobody can search now"), true));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailedDecisionIsNotShared() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<CachingEscalationPolicy> policies = policies(request -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("the LLM timed out"))
                : CompletableFuture.completedFuture(new EscalationDecision.Escalate("human")), ClusterDecisions.DEFAULT_TTL);

        assertThatThrownBy(() -> policies.get(0).decide(deadEnd("audit")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasRootCauseMessage("the LLM timed out");
        assertThat(policies.get(1).decide(deadEnd("audit")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(new EscalationDecision.Escalate("human"));
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSharedDecisionExpiresAfterItsTtl() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<CachingEscalationPolicy> policies = policies(counting(calls, new EscalationDecision.Escalate("later")), Duration.ofMillis(300));
        policies.get(0).decide(deadEnd("digest")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        TestVertx.awaitCondition("the decision expires", 5_000, () -> {
            policies.get(1).decide(deadEnd("digest")).toCompletableFuture().join();
            return calls.get() == 2;
        });
    }

    @Test
    void aMemberWhoseHazelcastIsGoneStillDecidesOnItsOwn() throws Exception {
        ClusterConfig.Member self = freeMember();
        DetourCluster lone = DetourCluster.join(new ClusterConfig(true, List.of(self), self.port()), "127.0.0.1", TestVertx.options(),
                new SimpleMeterRegistry()).await(30, TimeUnit.SECONDS);
        AtomicInteger calls = new AtomicInteger();
        CachingEscalationPolicy policy = new CachingEscalationPolicy(counting(calls, new EscalationDecision.Escalate("decided alone")),
                new ClusterDecisions(lone, "test model", ClusterDecisions.DEFAULT_TTL, LOCK_TIMEOUT));
        try {
            Hazelcast.getAllHazelcastInstances().stream().filter(hz -> hz.getLifecycleService().isRunning())
                    .filter(hz -> hz.getCluster().getLocalMember().getAddress().getPort() == self.port()).findFirst().orElseThrow()
                    .getLifecycleService().terminate();

            assertThat(policy.decide(deadEnd("alone")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new EscalationDecision.Escalate("decided alone"));
            assertThat(calls).hasValue(1);
        } finally {
            lone.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDecisionCrossesTheWireUnchanged() {
        EscalationDecision demote = new EscalationDecision.DemoteTo("summary", "because");
        EscalationDecision escalate = new EscalationDecision.Escalate("ask a human");

        assertThat(ClusterDecisions.decode(ClusterDecisions.encode(demote))).isEqualTo(demote);
        assertThat(ClusterDecisions.decode(ClusterDecisions.encode(escalate))).isEqualTo(escalate);
        assertThatThrownBy(() -> ClusterDecisions.decode("{\"action\":\"reroute\"}")).hasMessageContaining("unknown action");
    }

    private static List<CachingEscalationPolicy> policies(EscalationPolicy llm, Duration ttl) {
        return MEMBERS.stream().map(member -> new CachingEscalationPolicy(llm, new ClusterDecisions(member, "test model", ttl, LOCK_TIMEOUT)))
                .toList();
    }

    private static EscalationPolicy counting(AtomicInteger calls, EscalationDecision decision) {
        return request -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(decision);
        };
    }

    private static EscalationRequest deadEnd(String goal) {
        return new EscalationRequest("research", goal, "start", List.of("summary"), Map.of("search@brave", ToolHealth.unavailable("down")),
                null, "trace");
    }
}
