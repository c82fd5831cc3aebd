package dev.detour.server.serve;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.server.audit.AuditLog;
import dev.detour.server.auth.AdminGuard;
import dev.detour.server.auth.Authenticator;
import dev.detour.server.auth.ListenerGuard;
import dev.detour.server.cluster.ClusterHealth;
import dev.detour.server.cluster.DetourCluster;
import dev.detour.server.config.ConfigWatcher;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.heal.McpToolProber;
import dev.detour.server.heal.SharedRouting;
import dev.detour.server.identity.RequestPrincipals;
import dev.detour.server.mcp.McpEndpointVerticle;
import dev.detour.server.mcp.McpServer;
import dev.detour.server.observe.AdminServer;
import dev.detour.server.observe.SidecarMetrics;
import dev.detour.server.policy.PrincipalLimits;
import dev.detour.server.proxy.McpProxy;
import dev.detour.server.proxy.ProxyConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code detour serve} running: one MCP endpoint that passes upstream tools through (as {@code detour
 * proxy} does, filtered by the config's pass-through rules) and serves the config's logical and goal
 * tools itself, with health monitors fed by every upstream call the healing tools make.
 *
 * <pre>
 *   agent ──MCP──▶ endpoint ──▶ McpProxy ──(per session)──▶ upstreams     pass-through tools
 *                                  │ ToolOverlay
 *                                  ▼
 *                            HealingOverlay ─▶ HealingTools ─(shared sessions)─▶ upstreams
 *                                                  │ outcomes           ▲ probes (tools/list)
 *                                                  ▼                    │
 *                                           HealthMonitoring ── MonitorRunner ──▶ HealthView
 * </pre>
 *
 * <p>Healing tools use one Detour-owned session per upstream ({@link HealingUpstreams}), created on
 * the endpoint's event loop; pass-through keeps one upstream session per agent session, so
 * server-to-client requests still reach the right agent.
 *
 * <p>Reload: {@link #apply} (or {@link #watch}) applies a new config without dropping a call in
 * flight. Upstreams first, on the endpoint's event loop: an added upstream is connected, a changed one
 * (same name, other URL or command) gets a new healing session that new calls use at once, a removed
 * one is no longer called; a session Detour stops using is closed once its calls have ended. Agent
 * sessions that open from then on pass the new upstreams through; sessions already open keep the
 * upstream sessions they started with until they end. Then the healing tools, budgets, pass-through
 * rules, LLM ({@code llm}, through {@link EscalationPolicies}) and monitors of the new config are
 * swapped in — so a tool that uses a new upstream finds its session from its first call — while calls
 * in flight finish on the old tools. Health of a removed or changed upstream's tools is left to the
 * monitors: probes ask the current sessions.
 *
 * <p>Replicas: started on a cluster member ({@code cluster.enabled}), the monitors' verdicts are shared
 * with the other members and theirs applied here ({@link ClusterHealth}, {@code docs/cluster.md}), a
 * departed member's withdrawn at once, and the {@code llm} section's decisions are kept in the
 * cluster-wide {@code ClusterDecisions}.
 *
 * <p>Observability: every sidecar has its own {@link SidecarMetrics} and an {@link AdminServer} (the
 * admin listener: {@code /metrics}, {@code /health/live}, {@code /health/ready}, {@code /admin/graph},
 * {@code /admin/routes}), started before the endpoint so that readiness reads DOWN until the endpoint
 * listens and every upstream's first connection attempt has ended, and DOWN again while stopping.
 */
public final class DetourSidecar {

    private static final Logger LOG = LoggerFactory.getLogger(DetourSidecar.class);

    /**
     * 10 s: how long {@link #apply} waits for the endpoint's event loop to take a config's upstreams.
     * A loop busy that long is blocked; the reload is then rejected rather than left half done.
     */
    static final Duration UPSTREAM_SWAP_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final SidecarOptions options;
    private final HealthView health = new HealthView();
    private final RouteJournal journal;
    private final SidecarMetrics metrics;
    private AdminServer admin;
    private McpEndpointVerticle endpoint;
    private String deploymentId;
    private Context context;
    private HealingUpstreams healingUpstreams;
    private McpProxy proxy;
    /** Volatile: the admin listener reads the graphs while the endpoint's event loop may still be building them. */
    private volatile HealingOverlay overlay;
    private HealthMonitoring monitoring;
    private final EscalationPolicies policies;
    private long watchTimer = -1;
    private Future<Void> stopped;
    private AuditLog audit = AuditLog.NONE;
    private Authenticator authenticator;
    private Future<Void> keysFetched = Future.succeededFuture();
    private final DetourCluster cluster;
    private ClusterHealth clusterHealth;
    private Runnable membershipListener = () -> { };

    private DetourSidecar(Vertx vertx, DetourCluster cluster, SidecarOptions options) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.options = options;
        this.journal = new RouteJournal(options.journalCapacity());
        this.metrics = new SidecarMetrics(health, options.meterRegistry() != null ? options.meterRegistry() : SidecarMetrics.newRegistry());
        this.policies = new EscalationPolicies(options, metrics, cluster);
        metrics.clusterMembers(cluster == null ? () -> 0 : cluster::members);
    }

    /**
     * Opens the admin listener, deploys the endpoint and connects the healing tools' upstream sessions.
     * Upstreams that cannot be reached are retried in the background; their tools fail over meanwhile.
     * When the admin listener or the endpoint cannot listen, whatever was started is closed again.
     */
    public static Future<DetourSidecar> start(Vertx vertx, DetourConfig config, SidecarOptions options) {
        Objects.requireNonNull(config, "config");
        if (config.cluster().enabled()) {
            return Future.failedFuture(new IllegalStateException(config.source()
                    + ": cluster.enabled is true, but Detour was started on an unclustered Vert.x; start it with DetourCluster.join"));
        }
        return start(vertx, null, config, options);
    }

    /**
     * {@link #start(Vertx, DetourConfig, SidecarOptions)} on a cluster member's Vert.x: the monitors'
     * verdicts are shared with the other members, and theirs applied here ({@link ClusterHealth}).
     * Stopping the sidecar leaves the cluster membership to the caller.
     */
    public static Future<DetourSidecar> start(DetourCluster cluster, DetourConfig config, SidecarOptions options) {
        Objects.requireNonNull(cluster, "cluster");
        return start(cluster.vertx(), cluster, config, options);
    }

    private static Future<DetourSidecar> start(Vertx vertx, DetourCluster cluster, DetourConfig config, SidecarOptions options) {
        Objects.requireNonNull(config, "config");
        Optional<String> exposed = ListenerExposure.refusal(config, options);
        if (exposed.isPresent()) {
            return Future.failedFuture(new IllegalStateException(exposed.get()));
        }
        DetourSidecar sidecar = new DetourSidecar(vertx, cluster, options);
        EscalationPolicy policy;
        try {
            policy = sidecar.policies.forConfig(config); // here, not on the event loop: a model client's first build loads many classes
            sidecar.audit = config.audit() == null ? AuditLog.NONE : AuditLog.open(config.audit());
        } catch (ConfigException e) {
            sidecar.metrics.close();
            return Future.failedFuture(e);
        } catch (java.io.UncheckedIOException e) {
            sidecar.metrics.close();
            return Future.failedFuture(new IllegalStateException(e.getMessage() + ": " + e.getCause().getMessage()));
        }
        Promise<Void> connected = Promise.promise();
        sidecar.endpoint = new McpEndpointVerticle(ListenerExposure.endpoint(config, options), options.ticker(),
                v -> sidecar.server(v, config, policy, connected), (mcp, principals) -> sidecar.front(config, mcp, principals));
        AdminServer.Sources sources = new AdminServer.Sources(sidecar.metrics.registry(), sidecar.health, sidecar::graphs, sidecar.journal,
                options.journalCapacity(), cluster == null ? null : new AdminServer.ClusterStatus(cluster.nodeId(), cluster::members));
        return AdminServer.start(vertx, options.adminHost(), options.adminPort(), sources,
                        config.admin() == null ? null : new AdminGuard(config.admin()))
                .compose(admin -> {
                    sidecar.admin = admin;
                    return sidecar.joinClusterHealth();
                })
                .compose(joined -> vertx.deployVerticle(sidecar.endpoint))
                .compose(id -> {
                    sidecar.deploymentId = id;
                    return Future.join(connected.future(), sidecar.keysFetched);
                })
                .map(v -> {
                    sidecar.admin.ready();
                    return sidecar;
                })
                .recover(failure -> {
                    if (sidecar.clusterHealth != null) {
                        sidecar.membershipListener.run();
                        sidecar.clusterHealth.close();
                    }
                    sidecar.audit.close();
                    Future<Void> admin = sidecar.admin == null ? Future.succeededFuture() : sidecar.admin.close();
                    return admin.eventually(() -> {
                        sidecar.metrics.close();
                        return Future.succeededFuture();
                    }).transform(closed -> Future.<DetourSidecar>failedFuture(failure));
                });
    }

    /** Subscribes to the other members' verdicts before any monitor runs, so none is missed. */
    private Future<Void> joinClusterHealth() {
        if (cluster == null) {
            return Future.succeededFuture();
        }
        clusterHealth = new ClusterHealth(vertx, cluster.nodeId(), options.ticker(), options.scheduler(), ClusterHealth.DEFAULT_VERDICT_TTL);
        membershipListener = cluster.onMembersChanged(clusterHealth::membersChanged);
        return clusterHealth.start();
    }

    private List<ToolGraph> graphs() {
        HealingOverlay served = overlay;
        return served == null ? List.of() : served.graphs();
    }

    /**
     * Builds what the endpoint serves — the proxy, with the healing tools as its overlay; closing it
     * closes the healing tools' upstream sessions too. Runs on the endpoint's event loop as it starts.
     */
    private McpServer server(Vertx v, DetourConfig config, EscalationPolicy policy, Promise<Void> connected) {
        context = Vertx.currentContext();
        HealingUpstreams upstreams = new HealingUpstreams(context, options.stdio(), options.client(), options.scheduler());
        healingUpstreams = upstreams;
        monitoring = new HealthMonitoring(health, new McpToolProber(upstreams), config, metrics.monitors(), options.ticker(),
                options.scheduler(), clusterHealth);
        SharedRouting routing = SharedRouting.builder().health(health).outcomeListener(monitoring).listener(journal)
                .ticker(options.ticker()).scheduler(options.scheduler())
                .observer(metrics.routes()).build(); // the escalation policy is each config generation's own
        metrics.health().track(config.routedTools());
        overlay = new HealingOverlay(context, config, policy, upstreams, routing, new PrincipalLimits(config.limits()), audit);
        upstreams.connectAll(config.upstreams()).onComplete(done -> connected.complete());
        proxy = new McpProxy(v, ProxyConfig.builder().upstreams(config.upstreams()).client(options.client())
                .stdio(options.stdio()).build(), overlay, options.scheduler());
        return proxy;
    }

    /**
     * What stands in front of the MCP endpoint: authentication when the config has {@code auth:}, the
     * per-session binding and request cap always. Runs on the endpoint's event loop as it starts.
     */
    private Handler<HttpServerRequest> front(DetourConfig config, Handler<HttpServerRequest> mcp, RequestPrincipals principals) {
        Context here = Vertx.currentContext();
        if (config.auth() != null) {
            authenticator = Authenticator.create(config.auth(), vertx.createHttpClient(), here, options.ticker(), options.scheduler(),
                    options.clock());
            keysFetched = authenticator.start();
        }
        return new ListenerGuard(authenticator, mcp, principals, config.limits().sessionRequests(), this::auditRejection);
    }

    private void auditRejection(ListenerGuard.Rejected rejected) {
        if (!audit.enabled()) {
            return;
        }
        java.util.Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("time", options.clock().instant().toString());
        line.put("type", "rejected");
        line.put("reason", rejected.reason().name());
        line.put("remoteAddress", rejected.remoteAddress());
        line.put("path", rejected.path());
        audit.write(line);
    }

    /**
     * Serves {@code next} from now on: its upstreams (added ones connected, removed and changed ones'
     * old sessions closed once their calls have ended), then its healing tools, budgets,
     * pass-through rules and LLM (a changed {@code llm} section: a new model client with an empty
     * decision cache, for calls that start from then on); monitors restarted when their settings or the watched tools changed.
     * Thread-safe. Blocks until the endpoint's event loop has taken the upstreams, so call it off that
     * loop (the {@link #watch watcher} does, on a worker); builds the tools on the calling thread.
     *
     * @throws ConfigException when the event loop did not take the upstreams within
     *     {@link #UPSTREAM_SWAP_TIMEOUT}, or the {@code llm} section's client cannot be built; nothing
     *     of {@code next} is applied then
     */
    public synchronized void apply(DetourConfig next) {
        if (!next.sameStartupSecurity(overlay.config())) {
            throw new ConfigException(List.of(new ConfigProblem(next.source(), 0, 0, "auth",
                    "auth, limits, audit and admin take effect only when Detour starts; nothing of the new configuration was applied",
                    "restart Detour to change them (the policy section reloads at once)")));
        }
        if (!next.cluster().equals(overlay.config().cluster())) {
            throw new ConfigException(List.of(new ConfigProblem(next.source(), 0, 0, "cluster",
                    "the cluster section takes effect only when Detour starts; nothing of the new configuration was applied",
                    "restart Detour to join or leave a cluster")));
        }
        EscalationPolicy policy = policies.forConfig(next); // first: it may refuse the config, and nothing is applied yet
        if (!next.upstreams().equals(overlay.config().upstreams())) {
            HealingUpstreams.Changes changes = onEndpointContext(next);
            if (changes.isEmpty()) {
                LOG.info("{}: upstreams reordered; agent sessions that open from now on use the new order", next.source());
            } else {
                LOG.info("{}: upstreams added {}, removed {}, changed {}", next.source(), changes.added(), changes.removed(),
                        changes.changed());
            }
        }
        overlay.apply(next, policy);
        monitoring.apply(next);
        metrics.health().track(next.routedTools());
        LOG.info("serving {}: tools {}", next.source(), overlay.tools().stream().map(t -> t.path("name").asText()).toList());
    }

    /**
     * Hands {@code next}'s upstreams to the healing sessions and the pass-through proxy, on the
     * endpoint's event loop, and waits for it. If the loop does not take the task in time, the task is
     * withdrawn (it will not run later) so the old config stays whole.
     */
    private HealingUpstreams.Changes onEndpointContext(DetourConfig next) {
        if (Vertx.currentContext() == context) {
            return swapUpstreams(next);
        }
        AtomicBoolean taken = new AtomicBoolean();
        CompletableFuture<HealingUpstreams.Changes> swapped = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (taken.compareAndSet(false, true)) {
                try {
                    swapped.complete(swapUpstreams(next));
                } catch (RuntimeException e) {
                    swapped.completeExceptionally(e);
                }
            }
        });
        try {
            return swapped.get(UPSTREAM_SWAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            boolean interrupted = e instanceof InterruptedException;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (taken.compareAndSet(false, true)) {
                throw new ConfigException(List.of(new ConfigProblem(next.source(), 0, 0, "upstreams",
                        interrupted ? "the reload was interrupted before Detour's event loop took the new upstreams"
                                : "Detour's event loop did not take the new upstreams within " + UPSTREAM_SWAP_TIMEOUT.toMillis() + " ms",
                        "nothing of the new configuration was applied; save the file again to retry")));
            }
            return swapped.join(); // the loop has taken them: finish the reload
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying the upstreams of " + next.source() + " failed", e.getCause());
        }
    }

    private HealingUpstreams.Changes swapUpstreams(DetourConfig next) {
        HealingUpstreams.Changes changes = healingUpstreams.reconcile(next.upstreams());
        proxy.upstreams(next.upstreams());
        return changes;
    }

    /**
     * Watches {@code file} (the config being served) and its goal tools' graph files every
     * {@code interval}; valid changes are {@linkplain #apply applied}, invalid ones logged with file,
     * line and field while the current config keeps serving. Each reload counts in
     * {@code detour_config_reloads_total}, as {@code applied} or {@code rejected}.
     */
    public ConfigWatcher watch(Path file, Duration interval) {
        ConfigWatcher watcher = new ConfigWatcher(file, overlay.config(), new ConfigWatcher.Listener() {
            @Override
            public void onApplied(DetourConfig config) {
                apply(config); // a ConfigException here makes the watcher call onRejected
                metrics.reloadApplied();
            }

            @Override
            public void onRejected(ConfigException problems) {
                // ConfigWatcher has logged every problem with file, line and field.
                metrics.reloadRejected();
            }
        });
        synchronized (this) {
            vertx.cancelTimer(watchTimer);
            watchTimer = watcher.watch(vertx, interval);
        }
        return watcher;
    }

    /** The config being served. */
    public DetourConfig config() {
        return overlay.config();
    }

    /** Every healing call's route events (steps, reroutes, demotions, escalations), most recent kept. */
    public RouteJournal journal() {
        return journal;
    }

    /** The shared health view, as the monitors keep it. */
    public HealthView health() {
        return health;
    }

    /** The URL agents connect to. */
    public String url() {
        return endpoint.url();
    }

    /** The bound port. */
    public int port() {
        return endpoint.actualPort();
    }

    /** The admin listener's base URL (e.g. {@code http://127.0.0.1:9464}); {@code /metrics} and the rest hang off it. */
    public String adminUrl() {
        return admin.url();
    }

    /** The admin listener's bound port. */
    public int adminPort() {
        return admin.port();
    }

    /**
     * Graceful shutdown: readiness turns DOWN, watching stops, in-flight requests drain within the
     * endpoint's drain timeout, every upstream session closes, the monitors stop, then the admin
     * listener. The Vert.x instance stays up. Calling it again returns the first call's future.
     */
    public synchronized Future<Void> stop() {
        if (stopped != null) {
            return stopped; // a second stop (a shutdown hook after close, say) waits for the first
        }
        admin.draining();
        vertx.cancelTimer(watchTimer);
        if (clusterHealth != null) {
            membershipListener.run();
            clusterHealth.close(); // first: the monitors' closing withdrawals are no recovery to announce
        }
        stopped = vertx.undeploy(deploymentId).eventually(() -> {
            monitoring.close();
            if (authenticator != null) {
                authenticator.close();
            }
            audit.close();
            return admin.close();
        }).eventually(() -> {
            metrics.close();
            return Future.succeededFuture();
        });
        return stopped;
    }
}
