package dev.detour.router.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.testing.Graphs;
import dev.detour.router.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A client that withdraws its request: the route stops and its tool calls are cancelled, not failed. */
class RequestCancellationTest {

    private final ManualClock ticker = new ManualClock();
    private final HeldInvoker tools = new HeldInvoker();
    private final List<String> outcomesSeen = new CopyOnWriteArrayList<>();
    private final List<RouteEvent> events = new CopyOnWriteArrayList<>();
    private final Router router = Router.builder(Graphs.linearWithAlternatives()).invoker(tools).ticker(ticker).clock(ticker)
            .outcomeListener((tool, outcome, latency, at) -> outcomesSeen.add(tool))
            .listener(events::add)
            .build();

    @Test
    void cancellingTheRequestCancelsTheToolCallInFlight() {
        CompletableFuture<RouteResult> request = router.routeAsync(RouteRequest.to("done", Map.of("topic", "mcp")));

        request.cancel(false);

        assertThat(tools.calls).singleElement().satisfies(call -> assertThat(call.result.isCancelled()).isTrue());
    }

    @Test
    void noStepStartsAfterTheRequestWasCancelled() {
        CompletableFuture<RouteResult> request = router.routeAsync(RouteRequest.to("done", Map.of("topic", "mcp")));
        HeldCall search = tools.calls.get(0);

        request.cancel(false);
        search.result.obtrudeValue(ToolOutcome.success(Map.of("hits", 3))); // a tool that ignores cancellation and answers anyway

        assertThat(tools.calls).extracting(c -> c.call.tool()).containsExactly("search@brave");
    }

    @Test
    void aCancelledCallIsNeitherFedToHealthNorJournalledAsAFailure() {
        CompletableFuture<RouteResult> request = router.routeAsync(RouteRequest.to("done", Map.of("topic", "mcp")));

        request.cancel(false);

        assertThat(outcomesSeen).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void aRequestThatIsNotCancelledCompletesAsUsual() {
        CompletableFuture<RouteResult> request = router.routeAsync(RouteRequest.to("done", Map.of("topic", "mcp")));

        tools.calls.get(0).result.complete(ToolOutcome.success(Map.of("hits", 3)));
        tools.calls.get(1).result.complete(ToolOutcome.success("summary"));

        assertThat(request.join().status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(outcomesSeen).containsExactly("search@brave", "summarize@fast");
    }

    private record HeldCall(ToolCall call, CompletableFuture<ToolOutcome> result) {}

    /** Every call stays in flight until the test completes it. */
    private static final class HeldInvoker implements ToolInvoker {
        final List<HeldCall> calls = new ArrayList<>();

        @Override
        public synchronized CompletionStage<ToolOutcome> invoke(ToolCall call) {
            HeldCall held = new HeldCall(call, new CompletableFuture<>());
            calls.add(held);
            return held.result;
        }
    }
}
