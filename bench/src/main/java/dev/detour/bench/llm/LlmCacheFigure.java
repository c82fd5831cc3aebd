package dev.detour.bench.llm;

import dev.detour.langchain4j.LlmCall;
import dev.detour.langchain4j.LlmCallListener;
import dev.detour.langchain4j.LlmEscalationPolicy;
import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.ManualClock;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LLM calls for N identical requests during one outage, with router-langchain4j's decision cache on and
 * off (issue 14, "benchmark figure"). Deterministic, on a {@link ManualClock}: the real
 * {@link LlmEscalationPolicy} (prompt, structured answer, validation, cache) over a stand-in model that
 * answers the first goal its response schema offers, {@link #MODEL_LATENCY} of simulated time after it
 * is asked — so requests arriving while a decision is in flight share it.
 *
 * <p>The graph is the smallest with a dead end only an LLM can resolve: {@code start → report@main →
 * report} or {@code start → sources@main → sources}, no demotion ladder. A health monitor has taken
 * {@code report@main} out (its view says UNAVAILABLE), so every request to {@code report} finds no route
 * and asks the policy. Usage: {@code LlmCacheFigure}; prints a Markdown table.
 */
public final class LlmCacheFigure {

    /** 800 ms: the simulated latency of one decision, as tool-graphs' MockLlm. */
    public static final Duration MODEL_LATENCY = Duration.ofMillis(800);

    private LlmCacheFigure() {
    }

    /** How the requests arrive. */
    public enum Arrival {
        /** One every 100 ms, each after the previous one ended. */
        SPACED,
        /** All at once, while the first decision is still in flight. */
        BURST,
        /** One every 100 ms, and halfway through the outage changes (a second tool degrades). */
        SPACED_HEALTH_CHANGE
    }

    /** One row: the figures with the cache off and on. */
    public record Row(int requests, Arrival arrival, long callsCacheOff, long callsCacheOn, int cachedDecisions, int demoted) {
    }

    public static void main(String[] args) {
        System.out.println("| requests during the outage | arrival | LLM calls, cache off | LLM calls, cache on | decided by a cached decision (on) |");
        System.out.println("|---:|---|---:|---:|---:|");
        for (Row r : table()) {
            System.out.printf("| %,d | %s | %,d | %,d | %,d |%n", r.requests(), r.arrival(), r.callsCacheOff(), r.callsCacheOn(), r.cachedDecisions());
        }
    }

    /** The published table. */
    public static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        for (int n : new int[] {1, 10, 100, 1000}) {
            rows.add(row(n, Arrival.SPACED));
        }
        rows.add(row(1000, Arrival.BURST));
        rows.add(row(1000, Arrival.SPACED_HEALTH_CHANGE));
        return rows;
    }

    /** One row: the same requests with the cache off, then on. */
    public static Row row(int requests, Arrival arrival) {
        Run off = run(requests, arrival, false);
        Run on = run(requests, arrival, true);
        return new Row(requests, arrival, off.calls, on.calls, on.cachedDecisions, on.demoted);
    }

    private record Run(long calls, int cachedDecisions, int demoted) {
    }

    private static Run run(int requests, Arrival arrival, boolean cache) {
        ManualClock clock = new ManualClock();
        HealthView health = new HealthView(clock);
        health.set("report@main", ToolHealth.unavailable("breaker open"));
        AtomicInteger cached = new AtomicInteger();
        LlmEscalationPolicy llm = LlmEscalationPolicy.builder(new FirstGoalModel())
                .cache(cache)
                .ticker(clock).scheduler(clock)
                .executor(task -> clock.schedule(task, MODEL_LATENCY)) // the model "answers" 800 ms of simulated time later
                .listener(new LlmCallListener() {
                    @Override
                    public void onCall(LlmCall call) {
                    }

                    @Override
                    public void onCachedDecision(LlmCall.Purpose purpose, String graph, String goal) {
                        cached.incrementAndGet();
                    }
                })
                .build();
        Router router = Router.builder(graph()).health(health).ticker(clock).scheduler(clock).clock(clock)
                .invoker(call -> CompletableFuture.completedFuture(ToolOutcome.success(Map.of("from", call.tool()))))
                .escalationPolicy(llm.policy())
                .build();
        List<CompletableFuture<RouteResult>> results = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            if (arrival == Arrival.SPACED_HEALTH_CHANGE && i == requests / 2) {
                health.set("sources@main", ToolHealth.degraded(2.0, "slow"));
            }
            CompletableFuture<RouteResult> result = router.routeAsync(RouteRequest.to("report", Map.of()));
            results.add(result);
            if (arrival != Arrival.BURST) {
                clock.runUntil(result);
                clock.advance(Duration.ofMillis(100));
            }
        }
        clock.runUntil(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)));
        int demoted = (int) results.stream().map(CompletableFuture::join).filter(r -> r.status() == RouteResult.Status.DEMOTED).count();
        return new Run(llm.calls(), cached.get(), demoted);
    }

    static ToolGraph graph() {
        return ToolGraph.builder("reports")
                .start("start")
                .step(Step.tool("write", "report@main", Map.of(), ToolAnnotations.READ_ONLY))
                .step(Step.tool("collect", "sources@main", Map.of(), ToolAnnotations.READ_ONLY))
                .waypoint("report").waypoint("sources")
                .transition("start", "write", 1).transition("write", "report", 0)
                .transition("start", "collect", 1).transition("collect", "sources", 0)
                .goal("report").goal("sources")
                .build();
    }

    /** Demotes to the first goal the response schema offers: a model that always decides the same way. */
    private static final class FirstGoalModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            JsonObjectSchema schema = (JsonObjectSchema) request.responseFormat().jsonSchema().rootElement();
            String goal = ((JsonEnumSchema) schema.properties().get("goal")).enumValues().getFirst();
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from("{\"action\":\"demote\",\"goal\":\"" + goal + "\",\"message\":\"sources are better than nothing\"}"))
                    .build();
        }
    }
}
