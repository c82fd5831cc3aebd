package dev.detour.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.StdioStubServer;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code detour proxy} as a real process: prints its URL, serves, and leaves no child behind on SIGTERM. */
class ProxyCommandTest {

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String CLASSPATH = System.getProperty("java.class.path");

    @Test
    void aBadUpstreamIsAUsageErrorNamingIt() {
        assertThat(DetourCommand.run("proxy", "--upstream", "ftp://nowhere")).isEqualTo(2);
        assertThat(DetourCommand.run("proxy", "--upstream", "http://127.0.0.1:1/mcp", "--prefix", "sometimes")).isEqualTo(2);
    }

    @Test
    void theProxyPrintsItsUrlServesAndLeavesNoOrphanAfterSigterm() throws Exception {
        String stdioChild = "stdio:" + JAVA + " -XX:TieredStopAtLevel=1 -cp " + CLASSPATH + " " + StdioStubServer.class.getName();
        Process detour = new ProcessBuilder(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-cp", CLASSPATH,
                DetourCommand.class.getName(), "proxy", "--upstream", stdioChild, "--drain-seconds", "2"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(detour.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(20, TimeUnit.SECONDS);
            assertThat(line).matches("Detour MCP proxy listening on http://127\\.0\\.0\\.1:\\d+/mcp");
            McpTestClient client = new McpTestClient(line.substring(line.indexOf("http://")));
            assertThat(client.initialize("2025-06-18").status()).isEqualTo(200);
            ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "pid");
            params.putObject("arguments");
            long childPid = Long.parseLong(client.rpc("tools/call", params).response()
                    .path("result").path("content").get(0).path("text").asText());
            assertThat(ProcessHandle.of(childPid)).isPresent();

            detour.destroy();
            assertThat(detour.waitFor(15, TimeUnit.SECONDS)).isTrue();
            TestVertx.awaitCondition("the stdio child " + childPid + " exited with Detour", 5_000,
                    () -> ProcessHandle.of(childPid).map(h -> !h.isAlive()).orElse(true));
        } finally {
            detour.destroyForcibly();
        }
    }
}
