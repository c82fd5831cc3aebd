package dev.detour.server.cli;

import dev.detour.graphs.ConfigException;
import dev.detour.server.cluster.DetourCluster;
import dev.detour.server.config.ConfigLoader;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.observe.AdminServer;
import dev.detour.server.observe.SidecarMetrics;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import dev.detour.server.upstream.stdio.ChildProcessReaper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detour serve --config FILE}: the MCP sidecar with the healing tools of a {@code detour.yaml}.
 * Prints the URL it serves on and the admin listener's (metrics, health, admin API), reloads the
 * config when the file changes, and runs until SIGTERM /
 * Ctrl-C (graceful shutdown as in {@code detour proxy}). A config with problems is not served: every
 * problem is printed with file, line and field, and the exit code is 2.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve one MCP endpoint with the logical and goal tools of a detour.yaml, in front of its upstreams.",
            "Example: detour serve --config docs/examples/detour.yaml --port 8080"
        })
public final class ServeCommand implements Callable<Integer> {

    /** Exit code for a config that does not load (picocli's code for usage errors). */
    static final int INVALID_CONFIG = 2;

    @Spec
    CommandSpec spec;

    /** How long joining the cluster may take: Hazelcast tries every listed member before forming a cluster alone. */
    static final long CLUSTER_JOIN_SECONDS = 60;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The Detour config (detour.yaml).")
    Path config;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = McpEndpointConfig.DEFAULT_HOST, description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--admin-port", defaultValue = "" + AdminServer.DEFAULT_PORT,
            description = "Port of the admin listener (/metrics, /health/live, /health/ready, /admin/graph, /admin/routes); 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-host", defaultValue = AdminServer.DEFAULT_HOST,
            description = "Interface the admin listener binds (default: ${DEFAULT-VALUE}).")
    String adminHost;

    @Option(names = "--drain-seconds", defaultValue = "10",
            description = "On shutdown, how long in-flight requests may take (default: ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(names = "--reload-millis", defaultValue = "2000",
            description = "How often the config file is checked for changes, in ms; 0 turns reload off (default: ${DEFAULT-VALUE}).")
    long reloadMillis;

    @Option(names = "--cluster-host",
            description = "With cluster.enabled: the interface the cluster member and event bus bind, e.g. the pod IP (default: Hazelcast picks one).")
    String clusterHost;

    @Option(names = "--insecure-no-auth",
            description = "Serve an interface other than loopback without auth: (or the admin listener without admin:) anyway.")
    boolean insecureNoAuth;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DetourConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.printf("INVALID %s: %d problem%s%n", config, e.problems().size(), e.problems().size() == 1 ? "" : "s");
            e.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return INVALID_CONFIG;
        } catch (UncheckedIOException e) {
            err.println("cannot read " + config + ": " + e.getMessage());
            err.flush();
            return INVALID_CONFIG;
        }
        SidecarOptions options;
        PrometheusMeterRegistry registry = SidecarMetrics.newRegistry();
        try {
            options = SidecarOptions.builder().meterRegistry(registry).endpoint(McpEndpointConfig.builder().host(host).port(port)
                    .drainTimeout(Duration.ofSeconds(drainSeconds)).build()).adminHost(adminHost).adminPort(adminPort).insecureNoAuth(insecureNoAuth).build();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return INVALID_CONFIG;
        }
        Vertx vertx;
        DetourCluster cluster = null;
        if (loaded.cluster().enabled()) {
            try {
                cluster = DetourCluster.join(loaded.cluster(), clusterHost, DetourCommand.vertxOptions(), registry)
                        .await(CLUSTER_JOIN_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("could not join the cluster of " + loaded.cluster().members() + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            vertx = cluster.vertx();
            int members = cluster.members();
            out.println("Joined the Detour cluster as " + cluster.nodeId() + " (" + members + (members == 1 ? " member)" : " members)"));
        } else {
            vertx = SidecarMetrics.measuredVertx(registry, DetourCommand.vertxOptions());
        }
        DetourSidecar sidecar;
        try {
            Future<DetourSidecar> started = cluster == null ? DetourSidecar.start(vertx, loaded, options) : DetourSidecar.start(cluster, loaded, options);
            sidecar = started.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            err.println("could not start Detour: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (reloadMillis > 0) {
            sidecar.watch(config, Duration.ofMillis(reloadMillis));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ChildProcessReaper.beforeReaping(() -> {
            try {
                sidecar.stop().await(drainSeconds + 5, TimeUnit.SECONDS);
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("detour: shutdown did not finish cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        });
        out.println("Detour MCP server listening on " + sidecar.url() + " (" + loaded.logicalTools().size() + " logical, "
                + loaded.goalTools().size() + " goal tools from " + config + ")");
        if (loaded.auth() != null) {
            out.println("Clients authenticate with bearer tokens for " + loaded.auth().resource() + " (metadata: " + loaded.auth().metadataUrl() + ")");
        } else if (insecureNoAuth) {
            err.println("WARNING: --insecure-no-auth: anyone who reaches " + sidecar.url() + " may call every tool");
            err.flush();
        }
        out.println("Metrics on " + sidecar.adminUrl() + "/metrics (health: /health/live, /health/ready; admin: /admin/graph, /admin/routes)");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
