package dev.detour.server.cluster;

import static dev.detour.server.cluster.ClusterHealthTest.freeMember;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.graphs.loader.Source;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.demo.DemoUpstreams;
import dev.detour.server.demo.Fault;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.NewsDigestConfig;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code detour serve}'s wiring of the shared decision cache: three sidecars, each on its own cluster
 * member, with the same {@code llm} section (a {@link ScriptedModelServer} on loopback, whose request
 * count is the number of LLM calls) and the same dead end — the demo's {@code news_digest} with its
 * summariser down.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterSidecarLlmTest {

    @Test
    void aDeadEndHitOnThreeReplicasAtOnceCostsOneLlmCall() throws Exception {
        List<ClusterConfig.Member> members = List.of(freeMember(), freeMember(), freeMember());
        List<DetourCluster> clusters = new ArrayList<>();
        List<DetourSidecar> sidecars = new ArrayList<>();
        try (DemoUpstreams upstreams = DemoUpstreams.start(); ScriptedModelServer model = ScriptedModelServer.start(Reply.demoteToFirstReachable())) {
            for (ClusterConfig.Member self : members) {
                DetourConfig config = ConfigLoader.load(Source.text("detour.yaml", config(upstreams, model, members, self.port())));
                DetourCluster cluster = DetourCluster.join(config.cluster(), "127.0.0.1", TestVertx.options(), new SimpleMeterRegistry())
                        .await(30, TimeUnit.SECONDS);
                clusters.add(cluster);
                sidecars.add(TestVertx.await(DetourSidecar.start(cluster, config, SidecarOptions.builder().adminPort(0).build())));
            }
            upstreams.inject("summariser", Fault.DOWN);

            List<CompletableFuture<JsonNode>> digests = sidecars.stream()
                    .map(sidecar -> CompletableFuture.supplyAsync(() -> digest(sidecar, "agents"))).toList();

            assertThat(digests).allSatisfy(d -> assertThat(d.get(20, TimeUnit.SECONDS).path("structuredContent").path("status").asText())
                    .isEqualTo("DEMOTED"));
            assertThat(model.requests()).as("one LLM call for the cluster").isOne();
        } finally {
            for (DetourSidecar sidecar : sidecars) {
                TestVertx.await(sidecar.stop());
            }
            for (DetourCluster cluster : clusters) {
                cluster.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private static JsonNode digest(DetourSidecar sidecar, String topic) {
        McpTestClient client = new McpTestClient(sidecar.url());
        client.initialize("2025-06-18");
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "news_digest");
        params.set("arguments", JsonRpc.MAPPER.createObjectNode().put("topic", topic));
        return client.rpc("tools/call", params).response().path("result");
    }

    /** The news digest every LLM test uses, on the scripted model, with a cluster section. */
    private static String config(DemoUpstreams upstreams, ScriptedModelServer model, List<ClusterConfig.Member> members, int port) {
        return NewsDigestConfig.of(upstreams) + """
                llm:
                  provider: openai-compatible
                  baseUrl: "%s"
                  model: scripted
                cluster:
                  enabled: true
                  members: [%s]
                  port: %d
                """.formatted(model.baseUrl(), String.join(", ", members.stream().map(ClusterConfig.Member::toString).toList()), port);
    }
}
