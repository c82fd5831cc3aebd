package dev.detour.server.cluster;

import static dev.detour.server.cluster.ClusterHealthTest.freeMember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.loader.Source;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code detour serve}'s wiring: a {@link DetourSidecar} on a cluster member shares what its real
 * monitors conclude and applies what another member concludes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterSidecarTest {

    /** An upstream nobody listens on (the discard port): the sidecar's probes find it down. */
    private static String config(List<ClusterConfig.Member> members, int port) {
        return """
                upstreams:
                  cheap: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  web_search:
                    description: Search the web.
                    annotations: {readOnlyHint: true}
                    providers:
                      - {upstream: cheap, tool: search, cost: 1}
                monitors:
                  probes: {interval: 100ms, timeout: 500ms}
                cluster:
                  enabled: true
                  members: [%s]
                  port: %d
                """.formatted(String.join(", ", members.stream().map(ClusterConfig.Member::toString).toList()), port);
    }

    @Test
    void aSidecarPublishesWhatItsProbesFindAndAppliesWhatOthersFind() throws Exception {
        List<ClusterConfig.Member> members = List.of(freeMember(), freeMember());
        DetourConfig config = ConfigLoader.load(Source.text("detour.yaml", config(members, members.get(0).port())));
        DetourCluster cluster = DetourCluster.join(config.cluster(), "127.0.0.1", TestVertx.options(), new SimpleMeterRegistry())
                .await(30, TimeUnit.SECONDS);
        ClusterReplica other = null;
        DetourSidecar sidecar = null;
        try {
            sidecar = TestVertx.await(DetourSidecar.start(cluster, config, SidecarOptions.builder().adminPort(0).build()));
            other = ClusterReplica.start(new ClusterConfig(true, members, members.get(1).port()), ClusterHealth.DEFAULT_VERDICT_TTL);
            assertThat(cluster.members()).isEqualTo(2);

            // the sidecar's probes fail against the dead upstream; the other member never calls it
            ClusterReplica b = other;
            TestVertx.awaitCondition("propagation", Duration.ofSeconds(10).toMillis(), () -> b.unavailable("search@cheap"));
            assertThat(b.view.health("search@cheap")).isInstanceOfSatisfying(ToolHealth.Unavailable.class,
                    u -> assertThat(u.reason()).contains("probe"));

            other.risk.flag("fetch@cheap", ToolHealth.degraded(3.0, ""), "slow");
            DetourSidecar served = sidecar;
            TestVertx.awaitCondition("propagation", Duration.ofSeconds(1).toMillis(),
                    () -> served.health().health("fetch@cheap") instanceof ToolHealth.Degraded);

            assertThat(get(sidecar.adminUrl() + "/metrics")).contains("detour_cluster_members 2.0");
            assertThat(get(sidecar.adminUrl() + "/health/ready")).contains("\"status\":\"UP\"")
                    .contains("\"cluster\":{\"node\":\"" + cluster.nodeId() + "\",\"members\":2}");
            other.stop();
            TestVertx.awaitCondition("propagation", Duration.ofSeconds(5).toMillis(), () -> cluster.members() == 1);
            assertThat(get(sidecar.adminUrl() + "/health/ready")).as("alone is still ready").contains("\"status\":\"UP\"")
                    .contains("\"members\":1");
        } finally {
            if (other != null) {
                other.stop();
            }
            if (sidecar != null) {
                TestVertx.await(sidecar.stop());
            }
            cluster.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static String get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void anEnabledClusterNeedsAClusteredVertx() {
        DetourConfig config = ConfigLoader.load(Source.text("detour.yaml", config(List.of(new ClusterConfig.Member("127.0.0.1", 5701)), 5701)));
        Vertx vertx = TestVertx.create();
        try {
            assertThatThrownBy(() -> TestVertx.await(DetourSidecar.start(vertx, config, SidecarOptions.builder().adminPort(0).build())))
                    .hasMessageContaining("cluster.enabled is true");
        } finally {
            vertx.close();
        }
    }

    @Test
    void aReloadCannotJoinOrLeaveACluster() throws Exception {
        Vertx vertx = TestVertx.create();
        String alone = config(List.of(new ClusterConfig.Member("127.0.0.1", 5701)), 5701).replace("enabled: true", "enabled: false");
        DetourSidecar sidecar = TestVertx.await(DetourSidecar.start(vertx, ConfigLoader.load(Source.text("detour.yaml", alone)),
                SidecarOptions.builder().adminPort(0).build()));
        try {
            DetourConfig clustered = ConfigLoader.load(Source.text("detour.yaml", alone.replace("enabled: false", "enabled: true")));
            assertThatThrownBy(() -> sidecar.apply(clustered)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cluster section takes effect only when Detour starts");
            assertThat(get(sidecar.adminUrl() + "/metrics")).contains("detour_cluster_members 0.0");
            assertThat(get(sidecar.adminUrl() + "/health/ready")).doesNotContain("cluster");
        } finally {
            TestVertx.await(sidecar.stop());
            vertx.close();
        }
    }
}
