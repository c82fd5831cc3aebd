package dev.detour.graphs.scenario;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The router's view of the {@link MockTools}. Each call completes asynchronously on a {@link
 * ManualClock}, after the simulated time the mock tool says it took, so calls in flight
 * together — the branches of a fan-out — overlap, and a region takes as long as its slowest branch.
 *
 * <p>Windows are enforced here, in simulated time: a call that hangs or answers too late fails
 * with a TIMEOUT error (with the {@code sideEffects} its fault gives) at exactly {@link
 * ToolCall#timeout()}. The router's own guard runs on the same clock and is armed after the mock's
 * answer, so at the same instant the mock's answer comes first; nothing here extends windows on
 * progress, so {@code timeout()} is the whole window.
 *
 * <p>Results are validated the way Detour's MCP boundary validates {@code structuredContent}
 * against a tool's output schema: a malformed answer becomes an INTERNAL failure instead of
 * flowing into later steps. Thread-safe.
 */
public final class MockToolInvoker implements ToolInvoker {

    private final ToolGraph graph;
    private final MockTools tools;
    private final ManualClock clock;

    public MockToolInvoker(ToolGraph graph, MockTools tools, ManualClock clock) {
        this.graph = graph;
        this.tools = tools;
        this.clock = clock;
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        Step step = graph.step(call.step()).orElseThrow(() -> new IllegalArgumentException("unknown step " + call.step()));
        MockTools.Response response = tools.call(step, call.timeout());
        ToolOutcome outcome = switch (response) {
            case MockTools.Response.Answer a when a.malformed() -> ToolOutcome.failure(ToolError.of(ErrorCategory.INTERNAL,
                    call.tool() + " returned a result that does not match its output schema",
                    step.annotations().readOnly() ? SideEffects.NONE : SideEffects.POSSIBLE));
            case MockTools.Response.Answer a -> ToolOutcome.success(a.payload());
            case MockTools.Response.Error e -> ToolOutcome.failure(e.error());
        };
        CompletableFuture<ToolOutcome> completion = new CompletableFuture<>();
        clock.schedule(() -> completion.complete(outcome), response.latency());
        return completion;
    }
}
