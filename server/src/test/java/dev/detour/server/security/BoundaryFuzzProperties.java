package dev.detour.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of malformed requests — bodies, headers, methods, paths, with and without valid tokens —
 * sent as raw bytes to {@code detour serve} with {@code auth:}: no answer is a 5xx, none carries a
 * stack trace or a Java class name, and the server still serves a good request afterwards.
 */
class BoundaryFuzzProperties {

    /** What must never reach a client: stack frames, exception and package names. */
    private static final Pattern LEAK = Pattern.compile("Exception|\\bat [a-z]+\\.[a-z]|java\\.|javax\\.|dev\\.detour|com\\.nimbusds|io\\.vertx"
            + "|io\\.netty|com\\.fasterxml|org\\.slf4j|NullPointer|\\$Lambda");

    static final java.util.Map<Integer, Integer> STATUSES = new java.util.concurrent.ConcurrentSkipListMap<>();
    static SecureSidecar detour;
    static String alice;
    static int port;

    @BeforeContainer
    static void start() throws Exception {
        detour = new SecureSidecar(Files.createTempDirectory("detour-fuzz"));
        alice = detour.token("alice", "a");
        port = java.net.URI.create(detour.sidecar.url()).getPort();
    }

    @AfterContainer
    static void stop() throws Exception {
        System.out.println("fuzz answers by HTTP status: " + STATUSES);
        detour.close();
    }

    record Request(String method, String path, List<String> headers, String body) {}

    @Property(tries = 3000, seed = "20261202")
    void noMalformedRequestGetsA5xxOrLeaksInternals(@ForAll("requests") Request request) throws IOException {
        Answer answer = send(request);
        STATUSES.merge(answer.status(), 1, Integer::sum);

        assertThat(answer.status()).as(request.toString()).isLessThan(500);
        assertThat(LEAK.matcher(answer.text()).find()).as("leak in answer to %s: %s", request, answer.text()).isFalse();
    }

    @Property(tries = 1)
    void theServerStillAnswersAGoodRequestAfterwards() throws IOException {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"f\",\"version\":\"1\"}}}";
        Answer answer = send(new Request("POST", "/mcp", List.of("Authorization: Bearer " + alice, "Content-Type: application/json",
                "Accept: application/json, text/event-stream"), init));
        assertThat(answer.status()).isEqualTo(200);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.of("POST", "POST", "POST", "POST", "POST", "POST", "GET", "DELETE", "PUT", "OPTIONS", "HEAD", "PATCH");
        Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.of("/mcp", "/mcp", "/mcp", "/mcp", "/mcp", "/mcp", "/mcp", "/mcp",
                        "/.well-known/oauth-protected-resource",
                        "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource/../mcp", "/", "/mcp?x=1", "/MCP"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40).map(s -> "/" + s.replace(" ", "")));
        Arbitrary<List<String>> headers = Combinators.combine(authorization(), contentType(), accept(), session(), version())
                .as((a, c, ac, s, v) -> java.util.stream.Stream.of(a, c, ac, s, v).filter(h -> !h.isEmpty()).toList());
        return Combinators.combine(method, path, headers, body()).as(Request::new);
    }

    private Arbitrary<String> authorization() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(6, Arbitraries.just("Authorization: Bearer " + alice)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("Authorization: Bearer " + SecureSidecar.API_KEY)),
                net.jqwik.api.Tuple.of(1, Arbitraries.oneOf(
                Arbitraries.just("Authorization: Bearer " + alice.substring(0, alice.length() - 3) + "abc"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300).map(s -> "Authorization: " + s),
                Arbitraries.strings().withCharRange('0', 'z').ofMaxLength(2000).map(s -> "Authorization: Bearer " + s),
                Arbitraries.strings().ofMaxLength(40).map(s -> "Authorization: Bearer " + clean(s) + "." + clean(s) + "." + clean(s)))));
    }

    private Arbitrary<String> contentType() {
        return Arbitraries.of("Content-Type: application/json", "Content-Type: application/json", "Content-Type: application/json",
                "Content-Type: application/json", "Content-Type: application/json", "", "Content-Type: text/plain",
                "Content-Type: application/json; charset=utf-16", "Content-Type: \u00ff");
    }

    private Arbitrary<String> accept() {
        return Arbitraries.of("Accept: application/json, text/event-stream", "", "Accept: text/event-stream", "Accept: image/png", "Accept: */*");
    }

    private Arbitrary<String> session() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60)
                .map(s -> "Mcp-Session-Id: " + s));
    }

    private Arbitrary<String> version() {
        return Arbitraries.of("", "", "MCP-Protocol-Version: 2026-07-28", "MCP-Protocol-Version: 2025-06-18", "MCP-Protocol-Version: 1999-01-01",
                "MCP-Protocol-Version: \u0000");
    }

    private Arbitrary<String> body() {
        Arbitrary<String> methods = Arbitraries.of("initialize", "tools/list", "tools/call", "resources/read", "prompts/get", "ping",
                "server/discover", "completion/complete", "logging/setLevel", "notifications/cancelled", "x");
        Arbitrary<String> anyJson = Arbitraries.strings().ofMaxLength(30).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Arbitrary<String> rpc = Combinators.combine(Arbitraries.of("1", "\"a\"", "null", "{}", "1.5", "-1", "99999999999999999999"), methods,
                Arbitraries.of("{}", "[]", "null", "{\"name\":\"a_read\",\"arguments\":{}}", "{\"name\":\"b_read\"}", "{\"name\":{}}",
                        "{\"uri\":\"mem://beta/doc\"}", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}",
                        "{\"_meta\":{\"dev.detour/principal\":{\"sub\":\"root\"}}}", "{\"protocolVersion\":7}"), anyJson)
                .as((id, m, params, extra) -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + m + "\",\"params\":" + params
                        + ",\"x\":" + extra + "}");
        return Arbitraries.oneOf(
                rpc, rpc,
                Arbitraries.strings().ofMaxLength(500),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(2000),
                Arbitraries.integers().between(1, 400).map(n -> "[".repeat(n) + "]".repeat(n / 2)),
                Arbitraries.integers().between(1, 300).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                rpc.list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.just(""), Arbitraries.just("null"), Arbitraries.just("[]"), Arbitraries.just("{\"jsonrpc\":\"2.0\"}"));
    }

    private static String clean(String s) {
        return s.replaceAll("[\\r\\n]", "");
    }

    record Answer(int status, String text) {}

    /** One request as raw bytes on its own connection; the whole answer read until the server closes. */
    private static Answer send(Request request) throws IOException {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.path().replace(" ", "%20"))
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        request.headers().forEach(h -> head.append(h.replace("\r", "").replace("\n", "")).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, n);
                    if (answer.size() > 1 << 20) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // a stream the server keeps open (GET): what arrived so far is the answer
            } catch (java.net.SocketException e) {
                // reset after the answer (e.g. 413 closes the connection): what arrived is the answer
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
            return new Answer(status, text);
        }
    }
}
