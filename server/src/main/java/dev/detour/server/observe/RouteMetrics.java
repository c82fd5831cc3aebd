package dev.detour.server.observe;

import dev.detour.router.RouteResult;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.RouteListener;
import dev.detour.server.heal.HealingObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route events and call ends of every healing tool as meters, labelled with the healing tool
 * ({@code graph}): upstream tool calls with their latency, reroutes, demotions, escalations, and
 * healing calls end to end. Thread-safe.
 */
public final class RouteMetrics implements HealingObserver {

    /** The label value for "no tool" (a reroute with no failed step, or a new path without a tool step) and "no category". */
    static final String NONE = "none";

    private final MeterRegistry registry;
    /*
     * The two timers every call records, by their labels: building a meter's tags and finding it in the
     * registry costs more than the recording, twice per call on the hot path. The label sets are bounded
     * by the config (tools × outcomes × categories), and Detour never removes these meters.
     */
    private final Map<List<String>, Timer> toolCalls = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> routes = new ConcurrentHashMap<>();

    public RouteMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public RouteListener listenerFor(ToolGraph graph) {
        return event -> record(graph, event);
    }

    @Override
    public void onCallEnded(String tool, RouteResult result, Duration elapsed) {
        routes.computeIfAbsent(List.of(tool, result.status().name()), labels -> Timer.builder(MetricNames.ROUTES)
                        .description("Healing calls, end to end")
                        .tags("graph", labels.get(0), "status", labels.get(1))
                        .register(registry))
                .record(elapsed);
    }

    private void record(ToolGraph graph, RouteEvent event) {
        String name = graph.name();
        switch (event) {
            case StepSucceeded s -> toolCall(name, s.tool(), "success", NONE, s.latency());
            case StepFailed f -> toolCall(name, f.tool(), "failure", f.error().category().name(), f.latency());
            case Rerouted r -> Counter.builder(MetricNames.REROUTES).description("Reroutes after a failed step")
                    .tags("graph", name, "from", toolOf(graph, r.failedStep()), "to", firstTool(graph, r), "cause", r.cause().name())
                    .register(registry).increment();
            case Demoted d -> Counter.builder(MetricNames.DEMOTIONS).description("Demotions to a lesser goal")
                    .tags("graph", name, "from_goal", d.fromGoal(), "to_goal", d.toGoal(), "decided_by", d.decidedBy().name())
                    .register(registry).increment();
            case Escalated e -> Counter.builder(MetricNames.ESCALATIONS).description("Calls handed back with a SERF error")
                    .tags("graph", name, "category", e.error().category().name())
                    .register(registry).increment();
            case Completed ignored -> {
                // the end of a call is timed by onCallEnded, which also sees the calls that escalate
            }
        }
    }

    private void toolCall(String graph, String tool, String outcome, String category, Duration latency) {
        toolCalls.computeIfAbsent(List.of(graph, tool, outcome, category), labels -> Timer.builder(MetricNames.TOOL_CALLS)
                        .description("Upstream tool calls made by healing tools")
                        .tags("graph", labels.get(0), "tool", labels.get(1), "outcome", labels.get(2), "category", labels.get(3))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(latency);
    }

    private static String toolOf(ToolGraph graph, String step) {
        return step == null ? NONE : graph.step(step).map(Step::tool).orElse(NONE);
    }

    /** The first tool the new path calls after the vertex it starts from. */
    private static String firstTool(ToolGraph graph, Rerouted r) {
        for (String vertex : r.newPath()) {
            if (!vertex.equals(r.from())) {
                Step step = graph.step(vertex).orElse(null);
                if (step != null && step.invokesTool()) {
                    return step.tool();
                }
            }
        }
        return NONE;
    }
}
