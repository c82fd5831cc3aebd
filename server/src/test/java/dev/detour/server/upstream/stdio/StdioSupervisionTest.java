package dev.detour.server.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.ManualClock;
import dev.detour.router.time.Scheduler;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.StdioStubServer;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.proxy.ProxyConfig;
import dev.detour.server.proxy.ProxyServer;
import dev.detour.server.upstream.UpstreamSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real child process as the upstream (a Java main from the test classpath): crashes mid-call fail
 * the caller promptly with a SERF error, the child is restarted, and nothing outlives the proxy.
 */
class StdioSupervisionTest {

    static final List<String> CHILD = List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"),
            StdioStubServer.class.getName());

    Vertx vertx;
    ProxyServer proxy;
    McpTestClient client;

    @BeforeEach
    void start() {
        vertx = TestVertx.create();
        proxy = TestVertx.await(ProxyServer.start(vertx, ProxyConfig.builder()
                        .upstreams(List.of(new UpstreamSpec.Stdio("kid", CHILD)))
                        .stdio(StdioSupervisorConfig.builder().initialBackoff(Duration.ofMillis(20))
                                .terminateGrace(Duration.ofMillis(500)).build())
                        .build(),
                McpEndpointConfig.builder().drainTimeout(Duration.ofSeconds(2)).build(), new ManualClock(), Scheduler.system()));
        client = new McpTestClient(proxy.url());
        assertThat(client.initialize("2025-11-25").status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            TestVertx.await(proxy.stop());
        }
        TestVertx.await(vertx.close());
    }

    long childPid() {
        JsonNode result = client.rpc("tools/call", call("pid")).response().path("result");
        return Long.parseLong(result.path("content").get(0).path("text").asText());
    }

    static ObjectNode call(String tool) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.putObject("arguments");
        return params;
    }

    /**
     * A pipe read blocked in native code holds the carrier of a virtual thread: with the readers of a
     * few idle children on virtual threads, a 2-core machine had no carrier left for the stdin writers.
     * Only platform threads show in {@link Thread#getAllStackTraces()}.
     */
    @Test
    void thePipesAreReadAndWrittenOnPlatformThreads() {
        childPid(); // the session's child is up and has spoken

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("detour-stdio-out-kid", "detour-stdio-err-kid", "detour-stdio-in-kid");
    }

    @Test
    void aChildKilledMidCallFailsTheCallPromptlyIsRestartedAndTheNextCallSucceeds() throws Exception {
        long firstPid = childPid();
        CompletableFuture<McpTestClient.Reply> hanging = CompletableFuture.supplyAsync(() -> client.rpc("tools/call", call("hang")));
        TestVertx.awaitCondition("the hang call is in flight", 10_000, () -> !hanging.isDone() && ProcessHandle.of(firstPid).isPresent());
        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();
        JsonNode result = hanging.get(10, TimeUnit.SECONDS).response().path("result");
        long failedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("structuredContent").path("category").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(result.path("structuredContent").path("tool").asText()).isEqualTo("kid");
        // killed after the request reached the child, or before it was written: the message says which
        assertThat(result.path("structuredContent").path("message").asText()).containsAnyOf("exited with code", "is not running");
        assertThat(failedAfterMillis).isLessThan(2_000);

        long secondPid = childPid();
        assertThat(secondPid).isNotEqualTo(firstPid);
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aChildThatExitsOnItsOwnDuringACallIsRestarted() {
        long firstPid = childPid();
        JsonNode result = client.rpc("tools/call", call("crash")).response().path("result");
        assertThat(result.path("structuredContent").path("message").asText()).contains("exited with code 3")
                .contains("crashing on request");
        assertThat(childPid()).isNotEqualTo(firstPid);
    }

    @Test
    void noChildOutlivesTheProxy() {
        long pid = childPid();
        TestVertx.await(proxy.stop());
        proxy = null;
        TestVertx.awaitCondition("child " + pid + " exited", 5_000,
                () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void endingTheSessionStopsItsChild() {
        long pid = childPid();
        client.send("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody(), Map.of());
        TestVertx.awaitCondition("child " + pid + " exited", 5_000,
                () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
}
