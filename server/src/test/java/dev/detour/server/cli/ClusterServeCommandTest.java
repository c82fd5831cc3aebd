package dev.detour.server.cli;

import static dev.detour.server.cli.ProcessOutput.nextLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/** {@code detour serve} with {@code cluster.enabled}, as a real process on loopback: it joins, serves and says so. */
class ClusterServeCommandTest {

    /** How long a line of the child's output may take. */
    static final Duration LINE_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void withClusterEnabledServeJoinsTheClusterAndShowsItInReadiness() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("detour.yaml"), """
                upstreams:
                  a: {url: "http://127.0.0.1:9/mcp"}
                logicalTools:
                  search:
                    description: Search.
                    annotations: {readOnlyHint: true}
                    providers: [{upstream: a, tool: s}]
                cluster:
                  enabled: true
                  members: [127.0.0.1:%d]
                  port: %d
                """.formatted(port, port));
        Process detour = new ProcessBuilder(List.of(ServeCommandTest.JAVA, "-XX:TieredStopAtLevel=1", "-cp", ServeCommandTest.CLASSPATH,
                DetourCommand.class.getName(), "serve", "--config", config.toString(), "--admin-port", "0", "--cluster-host", "127.0.0.1"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(detour.getInputStream(), StandardCharsets.UTF_8));
            assertThat(nextLine(out, LINE_WAIT)).matches("Joined the Detour cluster as \\S+ \\(1 member\\)");
            assertThat(nextLine(out, LINE_WAIT)).startsWith("Detour MCP server listening on http://127.0.0.1:");
            String metrics = nextLine(out, LINE_WAIT);
            String admin = metrics.substring(metrics.indexOf("http://"), metrics.indexOf("/metrics"));
            try (HttpClient http = HttpClient.newHttpClient()) {
                String ready = http.send(HttpRequest.newBuilder(URI.create(admin + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(ready).contains("\"status\":\"UP\"").contains("\"members\":1");
            }
            detour.destroy();
            assertThat(detour.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            detour.destroyForcibly();
        }
    }
}
