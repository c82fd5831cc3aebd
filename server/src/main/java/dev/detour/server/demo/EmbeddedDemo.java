package dev.detour.server.demo;

import dev.detour.server.config.DetourConfig;
import dev.detour.server.config.GoalToolConfig;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import dev.detour.server.observe.SidecarMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code detour demo} running: the {@link DemoUpstreams} on loopback and, in front of them, the very
 * {@link DetourSidecar} that {@code detour serve} runs, serving the {@link DemoConfig}. Any MCP client
 * can connect to {@link #url()}; {@link DemoTour} is one.
 */
public final class EmbeddedDemo implements AutoCloseable {

    /** How long start-up may take before the demo gives up: 30 s. */
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final DemoUpstreams upstreams;
    private final HandOffPolicy policy;
    private final DetourSidecar sidecar;

    private EmbeddedDemo(Vertx vertx, DemoUpstreams upstreams, HandOffPolicy policy, DetourSidecar sidecar) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.policy = policy;
        this.sidecar = sidecar;
    }

    /**
     * Starts the upstreams and Detour; blocks until both serve.
     *
     * @param port      where Detour's MCP endpoint listens on loopback; 0 picks a free port
     * @param adminPort where Detour's admin listener (metrics, health, admin API) listens on loopback; 0 picks a free port
     */
    public static EmbeddedDemo start(int port, int adminPort) throws Exception {
        DemoUpstreams upstreams = DemoUpstreams.start();
        PrometheusMeterRegistry registry = SidecarMetrics.newRegistry();
        Vertx vertx = SidecarMetrics.measuredVertx(registry, new VertxOptions());
        HandOffPolicy policy = new HandOffPolicy();
        try {
            DetourConfig config = DemoConfig.load(upstreams);
            SidecarOptions options = SidecarOptions.builder()
                    .endpoint(McpEndpointConfig.builder().port(port).build())
                    .escalationPolicy(policy)
                    .adminPort(adminPort)
                    .meterRegistry(registry)
                    .build();
            DetourSidecar sidecar = DetourSidecar.start(vertx, config, options).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new EmbeddedDemo(vertx, upstreams, policy, sidecar);
        } catch (Exception | Error e) {
            vertx.close();
            upstreams.close();
            throw e;
        }
    }

    /** Prints where to connect, what is served and how to inject faults. */
    public void printBanner(PrintWriter out) {
        DetourConfig config = sidecar.config();
        out.println("Detour demo: `detour serve` with an embedded config, in front of " + DemoUpstreams.UPSTREAMS.size()
                + " demo MCP servers on loopback. No LLM, no external server.");
        out.println();
        out.println("  MCP URL (Streamable HTTP; connect any MCP client): " + url());
        out.println("  metrics: " + sidecar.adminUrl() + "/metrics   (also /health/ready, /admin/graph, /admin/routes)");
        out.println("  logical tools: " + config.logicalTools().stream().map(t -> t.name() + " " + providers(t))
                .collect(Collectors.joining(", ")));
        out.println("  goal tools:    " + config.goalTools().stream().map(EmbeddedDemo::goal).collect(Collectors.joining(", ")));
        out.println("  upstreams:     " + String.join(", ", upstreams.faults().keySet()) + "  (weather is slow but healthy: "
                + DemoUpstreams.FORECAST_LATENCY.toMillis() + " ms)");
        out.println("  inject faults: curl -X POST " + upstreams.faultsUrl() + "/UPSTREAM/MODE   (MODE: healthy | down | erroring | slow)");
        out.println("                 curl " + upstreams.faultsUrl() + "   (current modes)");
        out.println();
    }

    private static String providers(LogicalToolConfig tool) {
        return tool.providers().stream().map(p -> p.binding().upstream() + " " + formatCost(p.cost()))
                .collect(Collectors.joining(" | ", "(", ")"));
    }

    private static String formatCost(double cost) {
        return cost == Math.rint(cost) ? Long.toString((long) cost) : Double.toString(cost);
    }

    private static String goal(GoalToolConfig tool) {
        String topology = switch (tool.graph().topology()) {
            case LINEAR -> "linear";
            case DAG -> "DAG";
            case FANOUT -> "fan-out";
        };
        return tool.name() + " (" + topology + ")";
    }

    /** The URL MCP clients connect to. */
    public String url() {
        return sidecar.url();
    }

    /** The demo upstreams, whose faults can be switched. */
    public DemoUpstreams upstreams() {
        return upstreams;
    }

    /** The running Detour. */
    public DetourSidecar sidecar() {
        return sidecar;
    }

    /** Escalation-policy consultations so far: the LLM calls a model-backed policy would have made. */
    public int llmCalls() {
        return policy.asked();
    }

    /** Stops Detour (draining in-flight calls), then the upstreams. */
    @Override
    public void close() throws Exception {
        try {
            sidecar.stop().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            vertx.close().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            upstreams.close();
        }
    }
}
