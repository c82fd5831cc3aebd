package dev.detour.bench.atba;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The upstream tools of a {@link ToolChain} on simulated time. A call whose drawn latency fits in
 * {@link ToolCall#timeout()} advances the ticker by that latency and succeeds; any other call
 * advances it by the whole window and fails with TIMEOUT, as a real upstream call cancelled at its
 * deadline would. Completes synchronously, so the router never arms a window timer.
 *
 * <p>It also judges every timeout: one is <em>premature</em> when the call's latency would have fit
 * in what was left of the request's budget when the call started, i.e. the window, not the
 * deadline, cut it off. Not thread-safe: the simulation runs every request on one thread.
 */
final class SimulatedUpstreams implements ToolInvoker {

    private final ManualClock ticker;
    private Map<String, Long> draws = Map.of();
    private long deadlineNanos;
    private long calls;
    private long timeouts;
    private long prematureTimeouts;

    SimulatedUpstreams(ManualClock ticker) {
        this.ticker = ticker;
    }

    /** Starts a request: its tools' latencies and its deadline on the ticker. */
    void begin(Map<String, Long> requestDraws, long requestDeadlineNanos) {
        this.draws = requestDraws;
        this.deadlineNanos = requestDeadlineNanos;
    }

    /** What is left of the current request's budget (zero when past its deadline). */
    long remainingNanos() {
        return Math.max(0, deadlineNanos - ticker.nanos());
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        Long latency = draws.get(call.tool());
        if (latency == null) {
            throw new IllegalStateException("no latency drawn for tool '" + call.tool() + "'; tools drawn: " + draws.keySet());
        }
        long window = call.timeout().toNanos();
        long remaining = remainingNanos();
        calls++;
        if (latency > window) {
            timeouts++;
            if (latency <= remaining) {
                prematureTimeouts++;
            }
            ticker.advance(Duration.ofNanos(window));
            ToolError error = ToolError.of(ErrorCategory.TIMEOUT,
                    call.tool() + " did not answer within " + call.timeout().toMillis() + " ms", SideEffects.NONE);
            return CompletableFuture.completedFuture(ToolOutcome.failure(error));
        }
        ticker.advance(Duration.ofNanos(latency));
        return CompletableFuture.completedFuture(ToolOutcome.success(Map.of("tool", call.tool(), "latencyNanos", latency)));
    }

    /** Calls made, timed out, and timed out prematurely since the last {@link #resetCounts()}. */
    CallCounts counts() {
        return new CallCounts(calls, timeouts, prematureTimeouts);
    }

    void resetCounts() {
        calls = 0;
        timeouts = 0;
        prematureTimeouts = 0;
    }

    /** Call counters of one run. */
    record CallCounts(long calls, long timeouts, long prematureTimeouts) {
    }
}
