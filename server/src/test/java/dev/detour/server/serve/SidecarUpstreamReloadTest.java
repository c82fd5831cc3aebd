package dev.detour.server.serve;

import static dev.detour.server.serve.SessionCountingUpstream.HEALING_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.config.ConfigWatcher;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of {@code upstreams:} in {@code detour serve}, and the end of the healing sessions when
 * it stops, against stub upstreams on loopback that count their sessions. The watcher is driven by hand ({@link ConfigWatcher#check()}); waits are on
 * futures, bounded.
 */
class SidecarUpstreamReloadTest {

    /** The bound on every wait. */
    static final long WAIT_SECONDS = 10;
    /** The {@code clientInfo.name} of the stateless requests, which the shared session is opened with. */
    static final String STATELESS_CLIENT = "modern";

    @TempDir
    Path dir;

    final Vertx stubs = TestVertx.create();
    final List<SessionCountingUpstream> upstreams = new ArrayList<>();
    SidecarFixture detour;
    ConfigWatcher watcher;

    @AfterEach
    void stop() {
        if (detour != null) {
            detour.close();
        }
        upstreams.forEach(SessionCountingUpstream::close);
        TestVertx.await(stubs.close());
    }

    @Test
    void aToolWhoseProviderIsOnAnAddedUpstreamWorksRightAfterTheReload() {
        SessionCountingUpstream alpha = upstream("alpha");
        SessionCountingUpstream beta = upstream("beta");
        serve(config(List.of(alpha), tool("lookup", alpha, "search")));

        reload(config(List.of(alpha, beta), tool("lookup", alpha, "search") + tool("beta_lookup", beta, "search")));

        assertThat(text(detour.call("beta_lookup", query()))).isEqualTo("from beta");
        assertThat(beta.sessionsOf(HEALING_CLIENT)).isEqualTo(1);
    }

    @Test
    void aCallInFlightOnARemovedUpstreamEndsNormallyAndOnlyThenIsItsSessionClosed() throws Exception {
        SessionCountingUpstream alpha = upstream("alpha");
        SessionCountingUpstream beta = upstream("beta");
        serve(config(List.of(alpha, beta), tool("lookup", alpha, "search") + tool("slow", beta, "hold")));
        CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(() -> detour.call("slow", query()));
        await(beta.holding());

        reload(config(List.of(alpha), tool("lookup", alpha, "search")));

        assertThat(detour.toolNames()).contains("lookup").doesNotContain("slow");
        assertThat(text(detour.call("lookup", query()))).isEqualTo("from alpha");
        assertThat(beta.closedSessionsOf(HEALING_CLIENT)).as("closed while its call was in flight").isZero();
        beta.release();
        JsonNode response = inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(response.path("result").path("isError").asBoolean()).isFalse();
        assertThat(text(response)).isEqualTo("held by beta");
        await(beta.sessionClosed(HEALING_CLIENT));
        assertThat(beta.calls("search")).isZero();
    }

    @Test
    void aChangedUrlTakesNewCallsWhileTheCallInFlightEndsOnTheOldOne() throws Exception {
        SessionCountingUpstream first = upstream("first");
        SessionCountingUpstream second = upstream("second");
        String tools = tool("lookup", "svc", "search") + tool("slow", "svc", "hold");
        serve(config("svc: {url: \"" + first.url() + "\"}", tools));
        CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(() -> detour.call("slow", query()));
        await(first.holding());

        reload(config("svc: {url: \"" + second.url() + "\"}", tools));

        assertThat(text(detour.call("lookup", query()))).isEqualTo("from second");
        assertThat(first.calls("search")).isZero();
        assertThat(first.closedSessionsOf(HEALING_CLIENT)).as("closed while its call was in flight").isZero();
        first.release();
        assertThat(text(inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS))).isEqualTo("held by first");
        await(first.sessionClosed(HEALING_CLIENT));
    }

    @Test
    void anUnchangedUpstreamKeepsItsSession() {
        SessionCountingUpstream alpha = upstream("alpha");
        SessionCountingUpstream beta = upstream("beta");
        SessionCountingUpstream gamma = upstream("gamma");
        serve(config(List.of(alpha, beta), tool("lookup", alpha, "search") + tool("other", beta, "search")));

        reload(config(List.of(alpha, gamma), tool("lookup", alpha, "search") + tool("other", gamma, "search")));

        assertThat(text(detour.call("lookup", query()))).isEqualTo("from alpha");
        assertThat(alpha.sessionsOf(HEALING_CLIENT)).isEqualTo(1);
        assertThat(alpha.closedSessionsOf(HEALING_CLIENT)).isZero();
    }

    @Test
    void passThroughSessionsOpenedAfterTheReloadSeeTheNewUpstreamWhileAnOlderOneKeepsItsOwn() {
        SessionCountingUpstream alpha = upstream("alpha", "alpha_notes");
        SessionCountingUpstream beta = upstream("beta", "beta_notes");
        serve(config(List.of(alpha), tool("lookup", alpha, "search")));

        reload(config(List.of(beta), tool("lookup", beta, "search")));
        McpTestClient later = new McpTestClient(detour.sidecar.url());
        later.initialize("2025-06-18");

        assertThat(toolNames(later)).contains("lookup", "beta_notes").doesNotContain("alpha_notes");
        assertThat(text(call(later, "beta_notes"))).isEqualTo("beta/beta_notes");
        assertThat(text(call(detour.client, "alpha_notes"))).as("the session opened before the reload").isEqualTo("alpha/alpha_notes");
        assertThat(text(call(detour.client, "lookup"))).as("healing tools are the new config's").isEqualTo("from beta");
    }

    @Test
    void theSharedStatelessSessionMovesToTheNewUpstreamsAndTheOldOneIsClosed() {
        SessionCountingUpstream alpha = upstream("alpha", "alpha_notes");
        SessionCountingUpstream beta = upstream("beta", "beta_notes");
        serve(config(List.of(alpha), tool("lookup", alpha, "search")));
        McpTestClient stateless = new McpTestClient(detour.sidecar.url());
        assertThat(statelessToolNames(stateless)).contains("alpha_notes");

        reload(config(List.of(beta), tool("lookup", beta, "search")));

        assertThat(statelessToolNames(stateless)).contains("beta_notes").doesNotContain("alpha_notes");
        await(alpha.sessionClosed(STATELESS_CLIENT));
        assertThat(beta.sessionsOf(STATELESS_CLIENT)).isEqualTo(1);
    }

    @Test
    void stoppingDetourEndsItsHealingSessionAtEveryUpstream() {
        SessionCountingUpstream alpha = upstream("alpha");
        SessionCountingUpstream beta = upstream("beta");
        serve(config(List.of(alpha, beta), tool("lookup", alpha, "search") + tool("beta_lookup", beta, "search")));

        TestVertx.await(detour.sidecar.stop());

        await(alpha.sessionClosed(HEALING_CLIENT));
        await(beta.sessionClosed(HEALING_CLIENT));
        assertThat(List.of(alpha.closedSessionsOf(HEALING_CLIENT), beta.closedSessionsOf(HEALING_CLIENT))).containsExactly(1, 1);
    }

    private SessionCountingUpstream upstream(String name, String... extraTools) {
        SessionCountingUpstream upstream = SessionCountingUpstream.start(stubs, name, extraTools);
        upstreams.add(upstream);
        return upstream;
    }

    private void serve(String yaml) {
        detour = new SidecarFixture(dir, yaml, SidecarOptions.DEFAULT_JOURNAL_CAPACITY);
        watcher = detour.sidecar.watch(detour.file, Duration.ofHours(1));
    }

    private void reload(String yaml) {
        detour.write(yaml);
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.APPLIED);
    }

    /** A config with {@code upstreams} (named as the stubs are) and the logical tools {@code tools}. */
    private static String config(List<SessionCountingUpstream> upstreams, String tools) {
        StringBuilder declared = new StringBuilder();
        upstreams.forEach(u -> declared.append(u.name()).append(": {url: \"").append(u.url()).append("\"}\n"));
        return config(declared.toString(), tools);
    }

    private static String config(String upstreams, String tools) {
        return "upstreams:\n" + upstreams.indent(2) + "logicalTools:\n" + tools.indent(2);
    }

    private static String tool(String name, SessionCountingUpstream upstream, String upstreamTool) {
        return tool(name, upstream.name(), upstreamTool);
    }

    private static String tool(String name, String upstream, String upstreamTool) {
        return """
                %s:
                  description: Look something up.
                  annotations: {readOnlyHint: true}
                  providers: [{upstream: %s, tool: %s}]
                """.formatted(name, upstream, upstreamTool);
    }

    private static ObjectNode query() {
        return JsonRpc.MAPPER.createObjectNode().put("query", "q");
    }

    private static JsonNode call(McpTestClient client, String tool) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", query());
        return client.rpc("tools/call", params).response();
    }

    private static List<String> toolNames(McpTestClient client) {
        List<String> names = new ArrayList<>();
        client.rpc("tools/list", JsonRpc.MAPPER.createObjectNode()).response().path("result").path("tools")
                .forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    /** {@code tools/list} as a stateless 2026-07-28 request (no session), from {@link #STATELESS_CLIENT}. */
    private static List<String> statelessToolNames(McpTestClient client) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", STATELESS_CLIENT).put("version", "1");
        McpTestClient.Reply reply = client.post(JsonRpc.encodeToString(client.request("tools/list", params)),
                Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list"));
        List<String> names = new ArrayList<>();
        reply.response().path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private static String text(JsonNode response) {
        return SidecarFixture.text(response);
    }

    private static void await(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not happen within " + WAIT_SECONDS + " s: " + e, e);
        }
    }
}
