package dev.detour.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.graphs.ConfigException;
import dev.detour.graphs.loader.Source;
import dev.detour.server.cli.DetourCommand;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.secret.SecretTemplates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every configured secret and every token a client sent is looked for in everything Detour shows:
 * its logs (standard output and error), the answers clients get (bodies and headers, failures
 * included), the metrics, the admin API, the audit log, the config's own {@code toString}, config
 * error messages and {@code detour validate} output. None may appear.
 */
class SecretsNeverPrintedTest {

    @TempDir
    Path dir;

    @Test
    void noSecretOrTokenAppearsInAnythingDetourPrints() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
        List<String> secrets = new ArrayList<>(List.of(SecureSidecar.ALPHA_TOKEN, SecureSidecar.BETA_CLIENT_SECRET, SecureSidecar.API_KEY,
                SecureSidecar.ADMIN_KEY));
        StringBuilder shown = new StringBuilder();
        System.setOut(capture);
        System.setErr(capture);
        try (SecureSidecar detour = new SecureSidecar(dir, "limits: {calls: 4, per: 1h}", SecureSidecar.POLICY)) {
            String alice = detour.token("alice", "a");
            String forged = Issuer.tampered(alice, Issuer.claims(detour.clock.instant(), "alice", List.of("ops")).build());
            secrets.addAll(List.of(alice, forged));
            SecureSidecar.Client client = detour.client(alice);
            shown.append(show(client.initialize()));
            for (String tool : List.of("a_read", "search", "b_read", "nope", "a_read", "a_read", "a_read")) {
                ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
                params.putObject("arguments").put("token", alice);
                shown.append(show(client.rpc("tools/call", params)));
            }
            detour.alpha.failing("a_read");
            shown.append(show(detour.client(SecureSidecar.API_KEY).rpc("tools/list", JsonRpc.MAPPER.createObjectNode())));
            shown.append(show(detour.client(forged).initialize()));
            shown.append(show(detour.client("Bearer " + alice).initialize()));
            SecureSidecar.Client ops = detour.client(SecureSidecar.API_KEY);
            ops.initialize();
            shown.append(show(ops.rpc("tools/call", JsonRpc.MAPPER.createObjectNode().put("name", "a_read"))));
            McpTestClient http = new McpTestClient(detour.sidecar.url());
            for (String path : List.of("/metrics", "/admin/graph", "/admin/routes?limit=1000", "/health/ready")) {
                HttpResponse<String> admin = http.http().send(HttpRequest.newBuilder(URI.create(detour.sidecar.adminUrl() + path))
                        .header("Authorization", "Bearer " + SecureSidecar.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(admin.statusCode()).as(path).isEqualTo(200);
                shown.append(admin.headers()).append(admin.body());
            }
            shown.append(detour.sidecar.config());
            detour.sidecar.stop().toCompletionStage().toCompletableFuture().get();
            shown.append(Files.readString(detour.audit));
            shown.append(validate(detour.config));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        shown.append(configProblems());
        shown.append(logs.toString(StandardCharsets.UTF_8));

        assertThat(shown).contains("a_read from alpha"); // the run did what it should
        for (String secret : secrets) {
            assertThat(shown.toString()).as("a secret or token was printed").doesNotContain(secret);
        }
        assertThat(shown.toString()).doesNotContain("Bearer tok-");
    }

    private static String show(McpTestClient.Reply reply) {
        return reply.status() + " " + reply.headers() + " " + reply.body() + "\n";
    }

    /** {@code detour validate} of the served config (its env variables unset) and of broken configs holding literal secrets. */
    private String validate(Path config) throws Exception {
        Path literal = Files.writeString(dir.resolve("literal.yaml"), """
                upstreams:
                  a:
                    url: http://127.0.0.1:9/mcp
                    headers: {X-Api-Key: "%s", Host: "%s"}
                    oauth: {tokenUrl: "not a url", clientId: x, clientSecret: "%s"}
                auth:
                  resource: https://d.test/mcp
                  apiKeys: [{hash: "%s", subject: x}]
                admin:
                  apiKeys: [{hash: "sha256:%s", subject: y}]
                """.formatted(SecureSidecar.ALPHA_TOKEN, SecureSidecar.API_KEY, SecureSidecar.BETA_CLIENT_SECRET, SecureSidecar.API_KEY,
                SecureSidecar.ADMIN_KEY));
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new DetourCommand());
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        cli.execute("validate", config.toString(), literal.toString());
        assertThat(text.toString()).contains("INVALID");
        return text.toString();
    }

    /** The messages of configs whose secret-bearing fields are wrong in every way the loader checks. */
    private String configProblems() {
        StringBuilder messages = new StringBuilder();
        for (String upstream : List.of(
                "{url: http://127.0.0.1:9/mcp, headers: {\"Bad Header\": \"" + SecureSidecar.ALPHA_TOKEN + "\"}}",
                "{url: http://127.0.0.1:9/mcp, headers: {X-A: \"" + SecureSidecar.ALPHA_TOKEN + "\\n\"}}",
                "{url: http://127.0.0.1:9/mcp, headers: {Authorization: \"" + SecureSidecar.ALPHA_TOKEN + "\"}, oauth: {tokenUrl: http://x/t, "
                        + "clientId: c, clientSecret: \"" + SecureSidecar.BETA_CLIENT_SECRET + "\"}}",
                "{command: [cat], env: {\"1BAD\": \"" + SecureSidecar.ALPHA_TOKEN + "\"}}",
                "{command: [cat], headers: {X: \"" + SecureSidecar.ALPHA_TOKEN + "\"}}",
                "{url: http://127.0.0.1:9/mcp, headers: {X: \"${env:NOPE}" + SecureSidecar.ALPHA_TOKEN + "\"}}")) {
            try {
                ConfigLoader.load(Source.text("bad.yaml", "upstreams:\n  a: " + upstream + "\n"), SecretTemplates.of(Map.of()));
                messages.append("loaded: ").append(upstream);
            } catch (ConfigException e) {
                messages.append(e.getMessage()).append(e.problems()).append('\n');
            }
        }
        assertThat(messages.toString()).doesNotContain("loaded:");
        return messages.toString();
    }
}
