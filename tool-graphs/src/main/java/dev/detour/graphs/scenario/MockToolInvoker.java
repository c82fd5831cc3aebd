package dev.detour.graphs.scenario;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.ToolInvoker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The router's view of the {@link MockTools}: completes synchronously (so a run, including its
 * event order, is deterministic) and validates results the way Detour's MCP boundary validates
 * {@code structuredContent} against a tool's output schema — a malformed answer becomes an
 * INTERNAL failure instead of flowing into later steps.
 */
public final class MockToolInvoker implements ToolInvoker {

    private final ToolGraph graph;
    private final MockTools tools;

    public MockToolInvoker(ToolGraph graph, MockTools tools) {
        this.graph = graph;
        this.tools = tools;
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        Step step = graph.step(call.step()).orElseThrow(() -> new IllegalArgumentException("unknown step " + call.step()));
        ToolOutcome outcome = switch (tools.call(step, call.timeout())) {
            case MockTools.Response.Answer a when a.malformed() -> ToolOutcome.failure(ToolError.of(ErrorCategory.INTERNAL,
                    call.tool() + " returned a result that does not match its output schema",
                    step.annotations().readOnly() ? SideEffects.NONE : SideEffects.POSSIBLE));
            case MockTools.Response.Answer a -> ToolOutcome.success(a.payload());
            case MockTools.Response.Error e -> ToolOutcome.failure(e.error());
        };
        return CompletableFuture.completedFuture(outcome);
    }
}
