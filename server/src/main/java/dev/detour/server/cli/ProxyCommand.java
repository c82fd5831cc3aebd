package dev.detour.server.cli;

import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.proxy.NamePolicy;
import dev.detour.server.proxy.ProxyConfig;
import dev.detour.server.proxy.ProxyServer;
import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.UpstreamSpec;
import dev.detour.server.upstream.stdio.ChildProcessReaper;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code detour proxy}: a transparent MCP sidecar with no config file. Prints the URL it serves on,
 * then runs until SIGTERM / Ctrl-C, when it stops accepting, lets in-flight requests finish within
 * the drain timeout, and closes the upstreams (stdio children included).
 */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        description = {
            "Serve one MCP endpoint (Streamable HTTP) in front of one or more upstream MCP servers.",
            "Example: detour proxy --upstream http://127.0.0.1:3001/mcp --upstream 'stdio:npx -y @modelcontextprotocol/server-everything'"
        })
public final class ProxyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--upstream", required = true, paramLabel = "[NAME=]URL|stdio:COMMAND ARGS…",
            description = "An upstream MCP server: a Streamable HTTP URL, or stdio:COMMAND ARGS… (repeatable).")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = McpEndpointConfig.DEFAULT_HOST,
            description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--prefix", defaultValue = "conditional", paramLabel = "never|conditional|always",
            description = "When tool and prompt names get their upstream's name as a prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "A browser Origin to accept besides loopback ones (repeatable).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--drain-seconds", defaultValue = "10",
            description = "On shutdown, how long in-flight requests may take (default: ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(names = "--session-idle-seconds", defaultValue = "1800",
            description = "Close a session unused this long (default: ${DEFAULT-VALUE}).")
    long sessionIdleSeconds;

    @Option(names = "--request-timeout-seconds", defaultValue = "300",
            description = "Cap on one upstream request (default: ${DEFAULT-VALUE}).")
    long requestTimeoutSeconds;

    @Option(names = "--insecure-no-auth", description = "Serve an interface other than loopback although the proxy authenticates nobody"
            + " (detour proxy has no auth:; use detour serve with auth: instead).")
    boolean insecureNoAuth;

    @Override
    public void run() {
        ProxyConfig proxy;
        McpEndpointConfig endpoint;
        try {
            proxy = ProxyConfig.builder()
                    .upstreams(parseUpstreams())
                    .namePolicy(parsePolicy())
                    .client(UpstreamClientConfig.builder().requestTimeout(Duration.ofSeconds(requestTimeoutSeconds)).build())
                    .build();
            endpoint = McpEndpointConfig.builder()
                    .host(host)
                    .port(port)
                    .allowedOrigins(Set.copyOf(allowedOrigins))
                    .drainTimeout(Duration.ofSeconds(drainSeconds))
                    .sessionIdleTimeout(Duration.ofSeconds(sessionIdleSeconds))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!endpoint.loopbackBound() && !insecureNoAuth) {
            throw new ParameterException(spec.commandLine(), "refusing to serve " + host + " without authentication: anyone who reaches the port"
                    + " could call every tool. Bind 127.0.0.1, use detour serve with auth:, or pass --insecure-no-auth");
        }
        Vertx vertx = Vertx.vertx(DetourCommand.vertxOptions());
        ProxyServer server;
        try {
            server = ProxyServer.start(vertx, proxy, endpoint, Ticker.system(), Scheduler.system())
                    .await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("could not start the proxy: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ChildProcessReaper.beforeReaping(() -> {
            try {
                server.stop().await(drainSeconds + 5, TimeUnit.SECONDS);
                // Awaited on its own: a continuation composed onto stop() would run on an event loop
                // that close() has already shut down, and never complete.
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("detour: shutdown did not finish cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        });
        spec.commandLine().getOut().println("Detour MCP proxy listening on " + server.url());
        spec.commandLine().getOut().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<UpstreamSpec> parseUpstreams() {
        List<UpstreamSpec> specs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String text : upstreams) {
            UpstreamSpec spec = UpstreamSpec.parse(text);
            int count = seen.merge(spec.name(), 1, Integer::sum);
            if (count > 1) {
                String unique = spec.name() + "_" + count;
                spec = switch (spec) {
                    case UpstreamSpec.Http h -> new UpstreamSpec.Http(unique, h.url());
                    case UpstreamSpec.Stdio s -> new UpstreamSpec.Stdio(unique, s.command());
                };
            }
            specs.add(spec);
        }
        return specs;
    }

    private NamePolicy parsePolicy() {
        try {
            return NamePolicy.valueOf(prefix.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--prefix must be never, conditional or always, got '" + prefix + "'");
        }
    }
}
