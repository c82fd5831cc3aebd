package dev.detour.server.cli;

import static dev.detour.server.cli.ProcessOutput.nextLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.mcp.JsonRpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detour serve}: config errors, and the command as a real process. */
class ServeCommandTest {

    /** How long a line of the child's output may take. */
    static final Duration LINE_WAIT = Duration.ofSeconds(20);

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String CLASSPATH = System.getProperty("java.class.path");

    @TempDir
    Path dir;

    @Test
    void aConfigWithProblemsIsNotServedAndEachProblemNamesFileLineAndField() throws IOException {
        Path config = Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  search:
                    description: Search.
                    providers: [{upstream: b, tool: s}]
                """);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DetourCommand());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("serve", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(config + ":6:").contains("logicalTools.search.providers[0].upstream");
    }

    @Test
    void theServerPrintsItsUrlAndListsTheConfigsHealingTools() throws Exception {
        // Its only upstream is not running: Detour still starts, retries it in the background, lists the
        // healing tool, and answers a call with a SERF error instead of hanging.
        Path config = Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  search:
                    description: Search.
                    annotations: {readOnlyHint: true}
                    providers: [{upstream: a, tool: s}]
                """);
        Process detour = new ProcessBuilder(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-cp", CLASSPATH, DetourCommand.class.getName(),
                "serve", "--config", config.toString(), "--admin-port", "0")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(detour.getInputStream(), StandardCharsets.UTF_8));
            String line = nextLine(out, LINE_WAIT);
            assertThat(line).matches("Detour MCP server listening on http://127\\.0\\.0\\.1:\\d+/mcp .*");
            String metrics = nextLine(out, LINE_WAIT);
            assertThat(metrics).matches("Metrics on http://127\\.0\\.0\\.1:\\d+/metrics .*");
            McpTestClient client = new McpTestClient(line.substring(line.indexOf("http://"), line.indexOf(" (")));
            assertThat(client.initialize("2025-06-18").response().path("result").path("capabilities").has("tools")).isTrue();
            List<String> names = new ArrayList<>();
            client.rpc("tools/list", JsonRpc.MAPPER.createObjectNode()).response().path("result").path("tools")
                    .forEach(t -> names.add(t.path("name").asText()));
            assertThat(names).containsExactly("search");
            ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "search");
            params.putObject("arguments");
            JsonNode result = client.rpc("tools/call", params).response().path("result");
            assertThat(result.path("isError").asBoolean()).isTrue();
            assertThat(result.path("structuredContent").path("category").asText()).isIn("UPSTREAM_UNAVAILABLE", "NO_ROUTE");

            detour.destroy();
            assertThat(detour.waitFor(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            detour.destroyForcibly();
        }
    }
}
