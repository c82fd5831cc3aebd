package dev.detour.bench.load;

import dev.detour.bench.load.process.FreePort;
import dev.detour.bench.load.process.JavaCommand;
import dev.detour.bench.load.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Every process of a load run, started together: per upstream family an HTTP upstream, and in front of
 * it {@code detour proxy} (HTTP), {@code detour proxy} (stdio child), one {@code detour serve} (logical
 * and goal tool) and the npm {@code mcp-proxy} (stdio child) — each a real child process on loopback,
 * Detour from its jar as a user runs it. {@link #close()} stops them all.
 */
final class LoadStack implements AutoCloseable {

    /** The logical tool {@code detour serve} offers over the upstream's {@code echo}. */
    static final String LOGICAL_TOOL = "echo_logical";
    /** The three-step goal tool {@code detour serve} offers. */
    static final String GOAL_TOOL = "echo_chain";
    /** The npm proxy's pinned version (bench/load-bench.sh installs exactly this one). */
    static final String MCP_PROXY_VERSION = "6.7.19";
    /** How long a process may take to say it listens. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/mcp)");

    private final LoadOptions options;
    private final Path logs;
    private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    private LoadStack(LoadOptions options) {
        this.options = options;
        this.logs = options.workDir().resolve("logs");
    }

    /** Starts the processes of every target {@code options} selects; fails (stopping what started) if one does not come up. */
    static LoadStack start(LoadOptions options) {
        LoadStack stack = new LoadStack(options);
        try {
            stack.startFamily("fast");
            if (options.withNode()) {
                stack.startFamily("node");
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The targets, each family's direct route first. */
    List<Target> targets() {
        return List.copyOf(targets);
    }

    /** Every process started, for {@code --keep-up}. */
    List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    private boolean selected(String family, Route route) {
        if (route.needsNode() && !options.withNode()) {
            return false;
        }
        return route == Route.DIRECT || options.only().isEmpty() || options.only().contains(family + "/" + route.id());
    }

    private void startFamily(String family) {
        ManagedProcess upstream = start(family + "-upstream", httpUpstream(family));
        String stdio = String.join(" ", stdioUpstream(family));
        String upstreamUrl = upstream.awaitLine(START_TIMEOUT);
        String stats = "fast".equals(family) ? upstreamUrl.replace("/mcp", "/control/stats") : null;
        targets.add(new Target(family, Route.DIRECT, upstreamUrl, null, upstream, stats, false));
        startDetour(family, options.jar(), false, upstream, upstreamUrl, stdio, stats);
        if (options.baselineJar() != null) {
            startDetour(family, options.baselineJar(), true, upstream, upstreamUrl, stdio, stats);
        }
        ManagedProcess mcpProxy = null;
        int mcpProxyPort = 0;
        if (selected(family, Route.MCP_PROXY_STDIO)) {
            mcpProxyPort = FreePort.pick();
            List<String> command = new ArrayList<>(List.of(NodePeers.node(options.nodeDir()), NodePeers.mcpProxy(options.nodeDir()),
                    "--port", "" + mcpProxyPort, "--host", "127.0.0.1", "--server", "stream", "--"));
            command.addAll(stdioUpstream(family));
            mcpProxy = ManagedProcess.start(family + "-mcp-proxy-stdio", command, logs, null);
            processes.add(mcpProxy);
        }
        if (mcpProxy != null) {
            mcpProxy.awaitPort(mcpProxyPort, START_TIMEOUT);
            targets.add(new Target(family, Route.MCP_PROXY_STDIO, "http://127.0.0.1:" + mcpProxyPort + "/mcp", mcpProxy, null, null, false));
        }
    }

    /** The family's Detour routes (proxy over HTTP and stdio, one serve for the healing tools) from {@code jar}. */
    private void startDetour(String family, Path jar, boolean baseline, ManagedProcess upstream, String upstreamUrl, String stdio,
            String stats) {
        String suffix = baseline ? "-baseline" : "";
        ManagedProcess proxyHttp = null;
        ManagedProcess proxyStdio = null;
        ManagedProcess serve = null;
        if (selected(family, Route.DETOUR_PROXY_HTTP)) {
            String name = family + "-detour-proxy-http" + suffix;
            proxyHttp = start(name, detour(jar, name, "proxy", "--upstream", family + "=" + upstreamUrl));
        }
        if (selected(family, Route.DETOUR_PROXY_STDIO)) {
            String name = family + "-detour-proxy-stdio" + suffix;
            proxyStdio = start(name, detour(jar, name, "proxy", "--upstream", family + "=stdio:" + stdio));
        }
        if (selected(family, Route.DETOUR_SERVE_LOGICAL) || selected(family, Route.DETOUR_SERVE_GOAL)) {
            Path config = writeServeConfig(family, upstreamUrl);
            String name = family + "-detour-serve" + suffix;
            serve = start(name, detour(jar, name, "serve", "--config", config.toString(), "--admin-port", "0", "--reload-millis", "0"));
        }
        add(family, Route.DETOUR_PROXY_HTTP, proxyHttp, upstream, stats, baseline);
        add(family, Route.DETOUR_PROXY_STDIO, proxyStdio, null, null, baseline);
        add(family, Route.DETOUR_SERVE_LOGICAL, selected(family, Route.DETOUR_SERVE_LOGICAL) ? serve : null, upstream, stats, baseline);
        add(family, Route.DETOUR_SERVE_GOAL, selected(family, Route.DETOUR_SERVE_GOAL) ? serve : null, upstream, stats, baseline);
    }

    private void add(String family, Route route, ManagedProcess server, ManagedProcess upstream, String stats, boolean baseline) {
        if (server != null) {
            targets.add(new Target(family, route, server.awaitLine(START_TIMEOUT), server, upstream, stats, baseline));
        }
    }

    private ManagedProcess start(String name, List<String> command) {
        ManagedProcess process = ManagedProcess.start(name, command, logs, LISTENING);
        processes.add(process);
        return process;
    }

    private List<String> httpUpstream(String family) {
        return upstream(family, "--http");
    }

    private List<String> stdioUpstream(String family) {
        return upstream(family, "--stdio");
    }

    private List<String> upstream(String family, String transport) {
        if ("node".equals(family)) {
            return List.of(NodePeers.node(options.nodeDir()), NodePeers.echoUpstream(options.nodeDir()), transport, "--name", family);
        }
        return JavaCommand.fixture(options.childJvmOptions(), List.of(transport, "--name", family));
    }

    private List<String> detour(Path jar, String name, String... args) {
        List<String> jvm = new ArrayList<>(options.childJvmOptions());
        jvm.addAll(options.detourJvmOptions());
        if (options.jfr()) {
            Path jfr = options.workDir().resolve("jfr").toAbsolutePath();
            mkdirs(jfr);
            jvm.add("-XX:StartFlightRecording=filename=" + jfr.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        return JavaCommand.detour(jar, options.detourClassPath(), jvm, List.of(args));
    }

    private Path writeServeConfig(String family, String upstreamUrl) {
        Path dir = options.workDir().resolve("config-" + family).toAbsolutePath();
        mkdirs(dir);
        try {
            Files.writeString(dir.resolve("echo-chain.yaml"), """
                    # Three echo steps in a row: each step sends the previous step's text on.
                    name: echo-chain
                    start: begin
                    steps:
                      begin: {}
                      first: {tool: echo, output: a, args: {text: "${input/text}"}, annotations: {readOnly: true}}
                      second: {tool: echo, output: b, args: {text: "${a/structuredContent/text}"}, annotations: {readOnly: true}}
                      third: {tool: echo, output: c, args: {text: "${b/structuredContent/text}"}, annotations: {readOnly: true}}
                      done: {}
                    transitions:
                      - {from: begin, to: first, cost: 1}
                      - {from: first, to: second, cost: 1}
                      - {from: second, to: third, cost: 1}
                      - {from: third, to: done, cost: 0}
                    goals: [done]
                    """);
            Path config = dir.resolve("detour.yaml");
            Files.writeString(config, """
                    # detour serve for the load harness: one upstream, a logical tool and a goal tool over its echo.
                    upstreams:
                      %1$s: {url: "%2$s"}
                    logicalTools:
                      %3$s:
                        description: Echo, through Detour's healing path.
                        inputSchema: {type: object, properties: {text: {type: string}}, required: [text]}
                        annotations: {readOnlyHint: true}
                        providers:
                          - {upstream: %1$s, tool: echo, cost: 1}
                    goalTools:
                      %4$s:
                        description: Three echoes in a row.
                        graph: echo-chain.yaml
                        inputSchema: {type: object, properties: {text: {type: string}}, required: [text]}
                        bindings:
                          echo: {upstream: %1$s, tool: echo}
                    """.formatted(family, upstreamUrl, LOGICAL_TOOL, GOAL_TOOL));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every process, all at once (each gets SIGTERM, then SIGKILL after its grace period). */
    @Override
    public void close() {
        ManagedProcess.closeAll(processes);
    }
}
