package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.event.Demoted;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.ConfigWatcher;
import dev.detour.server.demo.DemoUpstreams;
import dev.detour.server.demo.Fault;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.NewsDigestConfig;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code llm} section in a running sidecar: the goal tool {@code news_digest} (the demo's graph: no
 * ladder from its goal {@code digest} to {@code headlines}) with the summariser down is a dead end only
 * an escalation policy can resolve. Its model is a {@link ScriptedModelServer} on loopback, reached
 * through LangChain4j's real OpenAI client; its request count is the number of LLM calls.
 */
class SidecarLlmTest {

    @TempDir
    Path dir;

    private final DemoUpstreams upstreams = DemoUpstreams.start();
    private final ScriptedModelServer model = ScriptedModelServer.start(Reply.demoteToFirstReachable());
    private final Vertx vertx = TestVertx.create();
    private Path file;
    private DetourSidecar sidecar;
    private McpTestClient client;

    @AfterEach
    void stop() {
        try {
            if (sidecar != null) {
                TestVertx.await(sidecar.stop());
            }
            TestVertx.await(vertx.close());
        } finally {
            upstreams.close();
            model.close();
        }
    }

    @Test
    void oneOutageCostsOneLlmCallAndEveryFurtherRequestIsDecidedByTheCachedDecision() throws IOException {
        serve(llm(model, "cache: true"), SidecarOptions.builder());
        upstreams.inject("summariser", Fault.DOWN);

        for (int i = 0; i < 10; i++) {
            JsonNode result = digest("agents " + i);
            assertThat(result.path("structuredContent").path("status").asText()).isEqualTo("DEMOTED");
            assertThat(result.path("structuredContent").path("reachedGoal").asText()).isEqualTo("headlines");
        }

        assertThat(model.requests()).isOne();
        assertThat(sidecar.journal().recent(Demoted.class)).hasSize(10)
                .allSatisfy(d -> assertThat(d.decidedBy()).isEqualTo(Demoted.DecidedBy.POLICY));
    }

    @Test
    void withTheCacheOffEveryRequestAtTheDeadEndCallsTheModel() throws IOException {
        serve(llm(model, "cache: false"), SidecarOptions.builder());
        upstreams.inject("summariser", Fault.DOWN);

        for (int i = 0; i < 3; i++) {
            digest("agents " + i);
        }

        assertThat(model.requests()).isEqualTo(3);
    }

    @Test
    void withoutAnLlmSectionADeadEndEscalatesAtOnceAsBefore() throws IOException {
        serve("", SidecarOptions.builder());
        upstreams.inject("summariser", Fault.DOWN);

        JsonNode result = digest("agents");

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("structuredContent").path("category").asText()).isEqualTo("NO_ROUTE");
        assertThat(model.requests()).isZero();
    }

    @Test
    void aReloadWithAChangedLlmSectionAsksTheNewModelAndAnUnchangedOneKeepsTheCachedDecisions() throws IOException {
        serve(llm(model, "cache: true"), SidecarOptions.builder());
        ConfigWatcher watcher = sidecar.watch(file, Duration.ofHours(1));
        upstreams.inject("summariser", Fault.DOWN);
        digest("before the reload");

        try (ScriptedModelServer other = ScriptedModelServer.start(Reply.escalate("ask a person"))) {
            Files.writeString(file, config(llm(other, "cache: true")));
            assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);
            JsonNode afterSwap = digest("after the reload");

            Files.writeString(file, config(llm(other, "cache: true")).replace("Search the web.", "Search the whole web."));
            assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);
            digest("after a reload that left the llm section alone");

            assertThat(afterSwap.path("isError").asBoolean()).isTrue();
            assertThat(afterSwap.path("structuredContent").path("message").asText()).contains("ask a person");
            assertThat(model.requests()).isOne();
            assertThat(other.requests()).isOne();
        }
    }

    @Test
    void anEmbeddersEscalationPolicyOverridesTheLlmSection() throws IOException {
        serve(llm(model, "cache: true"), SidecarOptions.builder().escalationPolicy(request ->
                CompletableFuture.completedFuture(new EscalationDecision.Escalate("the embedder's own policy"))));
        upstreams.inject("summariser", Fault.DOWN);

        JsonNode result = digest("agents");

        assertThat(result.path("structuredContent").path("message").asText()).contains("the embedder's own policy");
        assertThat(model.requests()).isZero();
    }

    private static String llm(ScriptedModelServer server, String cache) {
        return """
                llm:
                  provider: openai-compatible
                  baseUrl: "%s"
                  model: scripted
                  %s
                """.formatted(server.baseUrl(), cache);
    }

    private String config(String llm) {
        return NewsDigestConfig.of(upstreams) + llm + "\n";
    }

    private void serve(String llm, SidecarOptions.Builder options) throws IOException {
        file = Files.writeString(dir.resolve("detour.yaml"), config(llm));
        sidecar = TestVertx.await(DetourSidecar.start(vertx, ConfigLoader.load(file), options.adminPort(0).build()));
        client = new McpTestClient(sidecar.url());
        client.initialize("2025-06-18");
    }

    private JsonNode digest(String topic) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "news_digest");
        params.set("arguments", JsonRpc.MAPPER.createObjectNode().put("topic", topic));
        return client.rpc("tools/call", params).response().path("result");
    }
}
