package dev.detour.server.cli;

import static dev.detour.server.cli.ProcessOutput.nextLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.mcp.JsonRpc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detour serve} with {@code auth:} as a real process, and the refusal to serve a non-loopback interface without it. */
class ServeWithAuthTest {

    /** How long a line of the child's output may take. */
    static final Duration LINE_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path config(String auth) throws Exception {
        return Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  search:
                    description: Search.
                    annotations: {readOnlyHint: true}
                    providers: [{upstream: a, tool: s}]
                """ + auth);
    }

    @Test
    void anUnauthenticatedPostGets401WithTheChallengeAndTheMetadataIsServed() throws Exception {
        Path config = config("""
                auth:
                  resource: https://detour.example.com/mcp
                  authorizationServers: [https://idp.example.com]
                  jwt: {issuer: https://idp.example.com, jwksUrl: "http://127.0.0.1:9/jwks.json"}
                """);
        Process detour = new ProcessBuilder(List.of(ServeCommandTest.JAVA, "-XX:TieredStopAtLevel=1", "-cp", ServeCommandTest.CLASSPATH,
                DetourCommand.class.getName(), "serve", "--config", config.toString(), "--admin-port", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(detour.getInputStream(), StandardCharsets.UTF_8));
            String line = nextLine(out, LINE_WAIT);
            assertThat(line).matches("Detour MCP server listening on http://127\\.0\\.0\\.1:\\d+/mcp .*");
            assertThat(nextLine(out, LINE_WAIT)).isEqualTo("Clients authenticate with bearer tokens for https://detour.example.com/mcp (metadata: "
                    + "https://detour.example.com/.well-known/oauth-protected-resource/mcp)");
            URI mcp = URI.create(line.substring(line.indexOf("http://"), line.indexOf(" (")));
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(mcp).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(post.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer resource_metadata=\"https://detour.example.com/.well-known/oauth-protected-resource/mcp\"");

            HttpResponse<String> prm = http.send(HttpRequest.newBuilder(mcp.resolve("/.well-known/oauth-protected-resource/mcp")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prm.statusCode()).isEqualTo(200);
            JsonNode doc = JsonRpc.parse(prm.body().getBytes());
            assertThat(doc.path("resource").asText()).isEqualTo("https://detour.example.com/mcp");
            assertThat(doc.path("authorization_servers").get(0).asText()).isEqualTo("https://idp.example.com");

            detour.destroy();
            assertThat(detour.waitFor(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            detour.destroyForcibly();
        }
    }

    @Test
    void aNonLoopbackInterfaceWithoutAuthIsRefusedBeforeAnythingListens() throws Exception {
        Path config = config("");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DetourCommand());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("serve", "--config", config.toString(), "--host", "0.0.0.0", "--admin-port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("refusing to serve MCP on 0.0.0.0 without auth:").contains("--insecure-no-auth");
    }

    @Test
    void aNonLoopbackAdminListenerWithoutItsOwnKeyIsRefused() throws Exception {
        Path config = config("");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DetourCommand());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("serve", "--config", config.toString(), "--admin-host", "0.0.0.0", "--admin-port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("refusing to serve the admin listener on 0.0.0.0 without admin: apiKeys");
    }

    @Test
    void theProxyRefusesANonLoopbackInterfaceToo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DetourCommand());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("proxy", "--upstream", "http://127.0.0.1:9/mcp", "--host", "0.0.0.0")).isNotZero();
        assertThat(err.toString()).contains("refusing to serve 0.0.0.0 without authentication");
    }
}
