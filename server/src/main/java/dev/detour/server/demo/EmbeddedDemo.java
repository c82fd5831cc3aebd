package dev.detour.server.demo;

import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.Script;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.config.GoalToolConfig;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.observe.SidecarMetrics;
import dev.detour.server.serve.DetourSidecar;
import dev.detour.server.serve.SidecarOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code detour demo} running: the {@link DemoUpstreams} on loopback and, in front of them, the very
 * {@link DetourSidecar} that {@code detour serve} runs, serving the {@link DemoConfig}; its {@code llm}
 * section points at a {@link ScriptedModelServer} started here (OpenAI chat completions on loopback,
 * reached through LangChain4j's real OpenAI client), or at a real model ({@link DemoLlm}). Any MCP
 * client can connect to {@link #url()}; {@link DemoTour} is one.
 */
public final class EmbeddedDemo implements AutoCloseable {

    /** How long start-up may take before the demo gives up: 30 s. */
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final DemoUpstreams upstreams;
    private final ScriptedModelServer scriptedModel;
    private final RecordedLlmCalls llm;
    private final DetourSidecar sidecar;

    private EmbeddedDemo(Vertx vertx, DemoUpstreams upstreams, ScriptedModelServer scriptedModel, RecordedLlmCalls llm,
            DetourSidecar sidecar) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.scriptedModel = scriptedModel;
        this.llm = llm;
        this.sidecar = sidecar;
    }

    /** {@link #start(int, int, DemoLlm)} with the scripted model server. */
    public static EmbeddedDemo start(int port, int adminPort) throws Exception {
        return start(port, adminPort, DemoLlm.scripted());
    }

    /**
     * Starts the upstreams and Detour; blocks until both serve.
     *
     * @param port      where Detour's MCP endpoint listens on loopback; 0 picks a free port
     * @param adminPort where Detour's admin listener (metrics, health, admin API) listens on loopback; 0 picks a free port
     * @param model     the model dead ends go to: the scripted one, started here, or a real one
     */
    public static EmbeddedDemo start(int port, int adminPort, DemoLlm model) throws Exception {
        DemoUpstreams upstreams = DemoUpstreams.start();
        ScriptedModelServer scripted = model.scriptedModel() ? ScriptedModelServer.start(Script.always(Reply.demoteToFirstReachable())) : null;
        PrometheusMeterRegistry registry = SidecarMetrics.newRegistry();
        Vertx vertx = SidecarMetrics.measuredVertx(registry, new VertxOptions());
        RecordedLlmCalls llm = new RecordedLlmCalls();
        try {
            DetourConfig config = scripted != null
                    ? DemoConfig.load(upstreams, scripted.baseUrl(), DemoLlm.SCRIPTED_MODEL, LlmConfig.DEFAULT_TIMEOUT)
                    : DemoConfig.load(upstreams, model.baseUrl(), model.model(), DemoLlm.REAL_MODEL_TIMEOUT);
            SidecarOptions options = SidecarOptions.builder()
                    .endpoint(McpEndpointConfig.builder().port(port).build())
                    .llmListener(llm)
                    .adminPort(adminPort)
                    .meterRegistry(registry)
                    .build();
            DetourSidecar sidecar = DetourSidecar.start(vertx, config, options).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new EmbeddedDemo(vertx, upstreams, scripted, llm, sidecar);
        } catch (Exception | Error e) {
            vertx.close();
            upstreams.close();
            if (scripted != null) {
                scripted.close();
            }
            throw e;
        }
    }

    /** Prints where to connect, what is served and how to inject faults. */
    public void printBanner(PrintWriter out) {
        DetourConfig config = sidecar.config();
        out.println("Detour demo: `detour serve` with an embedded config, in front of " + DemoUpstreams.UPSTREAMS.size()
                + " demo MCP servers on loopback" + (scriptedModel != null
                        ? ", and a scripted LLM on loopback. No external server." : ", and the LLM you named."));
        out.println();
        out.println("  MCP URL (Streamable HTTP; connect any MCP client): " + url());
        out.println("  metrics: " + sidecar.adminUrl() + "/metrics   (also /health/ready, /admin/graph, /admin/routes)");
        out.println("  logical tools: " + config.logicalTools().stream().map(t -> t.name() + " " + providers(t))
                .collect(Collectors.joining(", ")));
        out.println("  goal tools:    " + config.goalTools().stream().map(EmbeddedDemo::goal).collect(Collectors.joining(", ")));
        LlmConfig model = config.llm();
        out.println("  LLM at dead ends: " + model.provider().configName() + " '" + model.model() + "' at " + model.baseUrl()
                + ", through LangChain4j's OpenAI client");
        if (scriptedModel != null) {
            out.println("                 (a scripted model server in this process; it demotes to the first reachable goal)");
        }
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
        boolean ladderless = tool.graph().goals().size() > 1
                && tool.graph().goals().stream().allMatch(g -> tool.graph().demotionLadder(g).isEmpty());
        return tool.name() + " (" + topology + (ladderless ? ", no demotion ladder" : "") + ")";
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

    /** What the LLM did: its calls, and the requests its cached decisions answered. */
    RecordedLlmCalls llm() {
        return llm;
    }

    /** The scripted model server, or {@code null} when the demo talks to a real model. */
    ScriptedModelServer scriptedModel() {
        return scriptedModel;
    }

    /** Stops Detour (draining in-flight calls), then the upstreams and the scripted model. */
    @Override
    public void close() throws Exception {
        try {
            sidecar.stop().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            vertx.close().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            upstreams.close();
            if (scriptedModel != null) {
                scriptedModel.close();
            }
        }
    }
}
