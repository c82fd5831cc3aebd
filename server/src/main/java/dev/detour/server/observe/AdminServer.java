package dev.detour.server.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.server.heal.RouteWire;
import dev.detour.server.mcp.JsonRpc;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The admin listener: a second HTTP server next to the MCP endpoint, for operators and Prometheus.
 * All routes are {@code GET}:
 *
 * <ul>
 *   <li>{@code /metrics} — Prometheus text format, or OpenMetrics when the scraper's {@code Accept} asks for it;
 *   <li>{@code /health/live} — {@code 200 {"status":"UP"}} while the process serves;
 *   <li>{@code /health/ready} — {@code 200 {"status":"UP"}} once {@link #ready()} was called, else
 *       {@code 503 {"status":"DOWN","reason":...}} (starting, or draining after {@link #draining()}); on a
 *       cluster member both carry {@code "cluster":{"node":...,"members":N}}, detail only: a member
 *       alone in its cluster is ready, since its own monitors keep its health;
 *   <li>{@code /admin/graph} — {@link GraphSnapshot} of the healing tools;
 *   <li>{@code /admin/routes?limit=N} — the journal's most recent route events, newest last, in
 *       {@link RouteWire}'s event shape.
 * </ul>
 *
 * <p>Separate from the MCP endpoint so that the endpoint's Origin/Host checks, sessions and body limits
 * stay what MCP clients expect, and so a cluster can expose this port to Prometheus alone.
 */
public final class AdminServer {

    /** 9464: the port Prometheus exporters conventionally take for a JVM application. */
    public static final int DEFAULT_PORT = 9464;
    /** Loopback: the admin API shows the live graph and route decisions, so it is opt-in beyond the host. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Route events {@code /admin/routes} answers with when no {@code limit} is given. */
    public static final int DEFAULT_ROUTES_LIMIT = 100;

    /**
     * The Prometheus client's content types for its two text formats ({@code PrometheusTextFormatWriter},
     * {@code OpenMetricsTextFormatWriter}); {@link PrometheusMeterRegistry#scrape(String)} picks the writer
     * by them. Spelled out here because those writer classes are runtime-only dependencies.
     */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final String JSON = "application/json";
    private static final String STARTING = "starting: the MCP endpoint or the upstreams' first connection attempts are not done yet";
    private static final String DRAINING = "draining: shutting down";

    /**
     * What the admin routes show.
     *
     * @param registry        the sidecar's meters
     * @param health          the shared health view
     * @param graphs          the healing tools' graphs as currently served
     * @param journal         the route journal
     * @param journalCapacity the journal's capacity: the most {@code /admin/routes} can return
     * @param cluster         this replica's cluster membership, or {@code null}: not clustered
     */
    public record Sources(PrometheusMeterRegistry registry, HealthView health, Supplier<List<ToolGraph>> graphs, RouteJournal journal,
            int journalCapacity, ClusterStatus cluster) {

        /** Sources of a replica that is not clustered. */
        public Sources(PrometheusMeterRegistry registry, HealthView health, Supplier<List<ToolGraph>> graphs, RouteJournal journal,
                int journalCapacity) {
            this(registry, health, graphs, journal, journalCapacity, null);
        }

        public Sources {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(graphs, "graphs");
            Objects.requireNonNull(journal, "journal");
        }
    }

    private final Vertx vertx;
    private final Sources sources;
    private final String host;
    private HttpServer server;
    private volatile String notReady = STARTING;

    private AdminServer(Vertx vertx, String host, Sources sources) {
        this.vertx = vertx;
        this.host = host;
        this.sources = sources;
    }

    /**
     * Listens on {@code host:port} ({@code 0}: a free port); {@code /health/ready} is DOWN until {@link #ready()}.
     * Fails with an {@link IllegalStateException} naming the address when it cannot listen there.
     */
    public static Future<AdminServer> start(Vertx vertx, String host, int port, Sources sources) {
        return start(vertx, host, port, sources, null);
    }

    /**
     * Like {@link #start(Vertx, String, int, Sources)}, with {@code guard} (when not null) in front of
     * every route but the health checks: the admin listener's own credential check.
     */
    public static Future<AdminServer> start(Vertx vertx, String host, int port, Sources sources, io.vertx.core.Handler<RoutingContext> guard) {
        AdminServer admin = new AdminServer(vertx, host, sources);
        Router router = Router.router(vertx);
        // The health checks come before the guard, so they answer without a key: a kubelet probe cannot
        // read one from a Secret, and they tell only UP or DOWN (with the reason and the member count).
        router.get("/health/live").handler(ctx -> json(ctx, 200, status("UP")));
        router.get("/health/ready").handler(admin::readiness);
        if (guard != null) {
            router.route().handler(guard);
        }
        router.get("/metrics").handler(admin::metrics);
        router.get("/admin/graph").handler(ctx -> json(ctx, 200, GraphSnapshot.of(sources.graphs().get(), sources.health())));
        router.get("/admin/routes").handler(admin::routes);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)).requestHandler(router).listen()
                .<AdminServer>map(server -> {
                    admin.server = server;
                    return admin;
                })
                .recover(e -> Future.failedFuture(new IllegalStateException("the admin listener cannot listen on " + host + ":" + port + " ("
                        + e.getMessage() + "); pick another with --admin-port, or 0 for a free one", e)));
    }

    /** From now on {@code /health/ready} answers UP. */
    public void ready() {
        notReady = null;
    }

    /** From now on {@code /health/ready} answers DOWN: the sidecar is shutting down. */
    public void draining() {
        notReady = DRAINING;
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:9464}. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Stops listening. */
    public Future<Void> close() {
        return server.close();
    }

    private void metrics(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        // off the event loop: a scrape walks every meter, and this loop may be the MCP endpoint's too
        vertx.executeBlocking(() -> sources.registry().scrape(contentType), false).onComplete(scraped -> {
            if (scraped.succeeded()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(scraped.result());
            } else {
                ctx.fail(scraped.cause());
            }
        });
    }

    private void readiness(RoutingContext ctx) {
        String reason = notReady;
        ObjectNode body = reason == null ? status("UP") : status("DOWN").put("reason", reason);
        ClusterStatus cluster = sources.cluster();
        if (cluster != null) {
            body.putObject("cluster").put("node", cluster.node()).put("members", cluster.members().getAsInt());
        }
        json(ctx, reason == null ? 200 : 503, body);
    }

    /**
     * What {@code /health/ready} says about the cluster.
     *
     * @param node    this member's node id
     * @param members the cluster's current member count, this one included
     */
    public record ClusterStatus(String node, java.util.function.IntSupplier members) {

        public ClusterStatus {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(members, "members");
        }
    }

    private void routes(RoutingContext ctx) {
        int limit;
        List<String> given = ctx.queryParam("limit");
        try {
            limit = given.isEmpty() ? DEFAULT_ROUTES_LIMIT : Integer.parseInt(given.getFirst());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1) {
            json(ctx, 400, JsonNodeFactory.instance.objectNode().put("error", "limit must be a positive integer, got '" + given.getFirst() + "'"));
            return;
        }
        List<RouteEvent> recent = sources.journal().recent();
        int n = Math.min(Math.min(limit, sources.journalCapacity()), recent.size());
        json(ctx, 200, JsonRpc.MAPPER.valueToTree(RouteWire.events(recent.subList(recent.size() - n, recent.size()))));
    }

    private static ObjectNode status(String status) {
        return JsonNodeFactory.instance.objectNode().put("status", status);
    }

    private static void json(RoutingContext ctx, int status, JsonNode body) {
        String text;
        try {
            text = JsonRpc.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(text);
    }
}
