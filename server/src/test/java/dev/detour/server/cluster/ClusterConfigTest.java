package dev.detour.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.JoinConfig;
import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.Source;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    private static final String UPSTREAMS = "upstreams: {up: {url: http://127.0.0.1:9/mcp}}\n";

    private static DetourConfig load(String text) {
        return ConfigLoader.load(Source.text("detour.yaml", text));
    }

    private static List<ConfigProblem> problems(String text) {
        try {
            load(text);
            throw new AssertionError("expected problems");
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Test
    void offWhenTheFileHasNoClusterSection() {
        assertThat(load(UPSTREAMS).cluster()).isEqualTo(ClusterConfig.disabled());
        assertThat(ClusterConfig.disabled().enabled()).isFalse();
    }

    @Test
    void readsEnabledMembersAndPort() {
        ClusterConfig cluster = load(UPSTREAMS + "cluster:\n  enabled: true\n  members: [10.0.0.5:5701, 'detour-1.detour:5702']\n  port: 5801\n")
                .cluster();
        assertThat(cluster.enabled()).isTrue();
        assertThat(cluster.members()).containsExactly(new ClusterConfig.Member("10.0.0.5", 5701), new ClusterConfig.Member("detour-1.detour", 5702));
        assertThat(cluster.port()).isEqualTo(5801);
    }

    @Test
    void portDefaultsToHazelcastsOwn() {
        assertThat(load(UPSTREAMS + "cluster: {enabled: true, members: [127.0.0.1:5701]}\n").cluster().port())
                .isEqualTo(ClusterConfig.DEFAULT_PORT);
    }

    @Test
    void aMemberThatIsNotHostColonPortIsReportedAtItsLine() {
        List<ConfigProblem> problems = problems(UPSTREAMS + "cluster:\n  enabled: true\n  members:\n    - 10.0.0.5:5701\n    - 10.0.0.6\n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("detour.yaml");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.field()).isEqualTo("cluster.members[1]");
            assertThat(p.message()).contains("'10.0.0.6' is not host:port");
        });
    }

    @Test
    void aPortOutOfRangeIsReportedAtThePortField() {
        assertThat(problems(UPSTREAMS + "cluster:\n  enabled: true\n  members: [127.0.0.1:5701]\n  port: 70000\n")).singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.field()).isEqualTo("cluster.port");
                    assertThat(p.message()).contains("70000");
                });
    }

    @Test
    void enabledWithoutMembersIsAProblem() {
        assertThat(problems(UPSTREAMS + "cluster:\n  enabled: true\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("at least one member"));
    }

    @Test
    void unknownKeysAreProblems() {
        assertThat(problems(UPSTREAMS + "cluster: {enabled: false, multicast: true}\n")).singleElement()
                .satisfies(p -> assertThat(p.field()).contains("multicast"));
    }

    @Test
    void readsAKubernetesServiceToJoinThrough() {
        ClusterConfig cluster = load(UPSTREAMS + "cluster:\n  enabled: true\n  kubernetes: {serviceName: detour-cluster, namespace: agents}\n")
                .cluster();
        assertThat(cluster.kubernetes()).isEqualTo(new ClusterConfig.Kubernetes("detour-cluster", "agents"));
        assertThat(cluster.members()).isEmpty();
        assertThat(load(UPSTREAMS + "cluster: {enabled: true, kubernetes: {serviceName: detour-cluster}}\n").cluster().kubernetes().namespace())
                .as("the pod's own namespace").isNull();
    }

    @Test
    void membersAndKubernetesTogetherAreAProblem() {
        assertThat(problems(UPSTREAMS + "cluster:\n  enabled: true\n  members: [10.0.0.5:5701]\n  kubernetes: {serviceName: detour-cluster}\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.field()).isEqualTo("cluster.kubernetes");
                    assertThat(p.message()).contains("two ways to join");
                });
    }

    @Test
    void aServiceNameThatIsNoDnsLabelIsReportedAtItsLine() {
        assertThat(problems(UPSTREAMS + "cluster:\n  enabled: true\n  kubernetes:\n    serviceName: Detour_Cluster\n")).singleElement()
                .satisfies(p -> {
                    assertThat(p.file()).isEqualTo("detour.yaml");
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.field()).isEqualTo("cluster.kubernetes.serviceName");
                    assertThat(p.message()).contains("'Detour_Cluster' is not a Kubernetes service name");
                });
    }

    @Test
    void kubernetesWithoutAServiceNameIsAProblem() {
        assertThat(problems(UPSTREAMS + "cluster:\n  enabled: true\n  kubernetes: {namespace: agents}\n")).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("cluster.kubernetes.serviceName");
                    assertThat(p.message()).contains("required");
                });
    }

    @Test
    void aKubernetesServiceBecomesHazelcastsKubernetesDiscoveryInsteadOfTcpIp() {
        ClusterConfig config = ClusterConfig.builder().enabled(true).kubernetes(new ClusterConfig.Kubernetes("detour-cluster", "agents")).build();

        JoinConfig join = DetourCluster.hazelcastConfig(config, null).getNetworkConfig().getJoin();

        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperties()).containsEntry("service-name", "detour-cluster").containsEntry("namespace", "agents");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    }

    @Test
    void theRecordChecksItselfToo() {
        assertThatThrownBy(() -> new ClusterConfig(true, List.of(), 5701)).hasMessageContaining("at least one member");
        assertThatThrownBy(() -> ClusterConfig.Member.parse("host:port")).hasMessageContaining("not a number");
        assertThat(ClusterConfig.Member.parse("[::1]:5701").host()).isEqualTo("[::1]");
    }
}
