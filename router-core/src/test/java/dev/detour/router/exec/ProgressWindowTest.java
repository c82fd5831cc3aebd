package dev.detour.router.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.budget.BudgetConfig;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Invokers that extend a call's window themselves (on MCP progress) are held to the request's
 * deadline by the router, not to the window.
 */
class ProgressWindowTest {

    private final ManualClock ticker = new ManualClock();

    @Test
    void everyCallCarriesTheTimeLeftBeforeTheDeadlineAsItsLongestExtension() {
        ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker);
        Router router = Router.builder(Graphs.linearWithAlternatives()).invoker(tools).ticker(ticker).clock(ticker).build();

        router.route(RouteRequest.to("done", Map.of("topic", "mcp")).withBudget(Duration.ofSeconds(6)));

        ToolCall first = tools.calls().get(0);
        assertThat(first.maxTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(first.timeout()).isLessThan(first.maxTimeout());
    }

    @Test
    void aCallPassedOnWithOtherArgumentsKeepsItsWindows() {
        ToolCall call = new ToolCall("t", "s", "tool", Map.of("a", 1), ToolAnnotations.READ_ONLY,
                Duration.ofMillis(300), Duration.ofSeconds(5));

        ToolCall reshaped = call.withArguments(Map.of("b", 2));

        assertThat(reshaped).isEqualTo(new ToolCall("t", "s", "tool", Map.of("b", 2), ToolAnnotations.READ_ONLY,
                Duration.ofMillis(300), Duration.ofSeconds(5)));
    }

    @Test
    void theRouterCutsALateAnswerAtTheWindowWhenTheInvokerDoesNotExtendWindows() {
        RouteResult result = routeWithALateSearch(false);

        assertThat(result.trail()).containsExactly("start", "backup", "fast", "done");
    }

    @Test
    void theRouterWaitsUntilTheDeadlineForAnInvokerThatExtendsWindows() {
        RouteResult result = routeWithALateSearch(true);

        assertThat(result.trail()).containsExactly("start", "brave", "fast", "done");
    }

    /**
     * search@brave answers after 200 ms (of manual time: windows and answers run on the same clock) while its window is a few milliseconds (the
     * learned latencies make summarising take 9 of the 10 s budget); every other tool answers at once.
     */
    private RouteResult routeWithALateSearch(boolean extendsWindows) {
        LatencySketches sketches = new LatencySketches();
        for (int i = 0; i < 100; i++) {
            sketches.record("search@brave", Duration.ofMillis(1).toNanos());
            sketches.record("search@backup", Duration.ofMillis(1).toNanos());
            sketches.record("summarize@fast", Duration.ofMillis(9_000).toNanos());
        }
        ToolInvoker invoker = new ToolInvoker() {
            @Override
            public CompletionStage<ToolOutcome> invoke(ToolCall call) {
                if (call.tool().equals("search@brave")) {
                    assertThat(call.timeout()).isLessThan(Duration.ofMillis(100));
                    CompletableFuture<ToolOutcome> late = new CompletableFuture<>();
                    ticker.schedule(() -> late.complete(ToolOutcome.success("late hits")), Duration.ofMillis(200));
                    return late;
                }
                return CompletableFuture.completedFuture(ToolOutcome.success(call.tool()));
            }

            @Override
            public boolean extendsWindowOnProgress() {
                return extendsWindows;
            }
        };
        RouterConfig config = RouterConfig.builder().budget(BudgetConfig.builder().minStepTimeout(Duration.ofMillis(1)).build()).build();
        Router router = Router.builder(Graphs.linearWithAlternatives()).invoker(invoker).latencySketches(sketches).config(config)
                .ticker(ticker).scheduler(ticker).clock(ticker).build();
        CompletableFuture<RouteResult> result = router.routeAsync(RouteRequest.to("done", Map.of("topic", "mcp")).withBudget(Duration.ofSeconds(10)));
        ticker.runUntil(result);
        return result.join();
    }
}
