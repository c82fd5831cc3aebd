package dev.detour.bench.atba;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.spi.ToolInvoker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * A baseline per-call timeout policy put in front of the upstreams: every call gets the same fixed
 * window, whatever ATBA allocated, cut short only by the request's deadline.
 *
 * <p>The router runs these requests with a budget far beyond the request's real one, so its own
 * allocation (window and fail-fast check) never binds and this invoker alone decides each window;
 * the request's real deadline is enforced here: a call never runs past it, and a call that would
 * start with nothing left fails with BUDGET_EXHAUSTED (action ESCALATE, so the router stops), as
 * the router itself reports an exhausted budget.
 */
final class FixedWindowInvoker implements ToolInvoker {

    private final ToolInvoker upstream;
    private final long windowNanos;
    private final LongSupplier remainingNanos;

    /**
     * @param upstream       the upstreams the windowed calls go to
     * @param window         every call's window
     * @param remainingNanos what is left of the current request's budget
     */
    FixedWindowInvoker(ToolInvoker upstream, Duration window, LongSupplier remainingNanos) {
        this.upstream = upstream;
        this.windowNanos = window.toNanos();
        this.remainingNanos = remainingNanos;
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        long remaining = remainingNanos.getAsLong();
        if (remaining <= 0) {
            ToolError error = new ToolError(ErrorCategory.BUDGET_EXHAUSTED, RecoveryAction.ESCALATE,
                    "the request's deadline passed before " + call.tool() + " could be called", null, SideEffects.NONE,
                    List.of(), call.traceId(), call.tool());
            return CompletableFuture.completedFuture(ToolOutcome.failure(error));
        }
        Duration window = Duration.ofNanos(Math.min(windowNanos, remaining));
        return upstream.invoke(new ToolCall(call.traceId(), call.step(), call.tool(), call.arguments(), call.annotations(), window));
    }
}
