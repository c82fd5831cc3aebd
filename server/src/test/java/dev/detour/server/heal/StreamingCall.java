package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.server.config.ProviderBinding;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A call of step {@code s}, bound to a {@link StubMcpUpstream#streaming streaming} tool {@code t},
 * whose progress the test sends one notification at a time — each time waiting until the invoker has
 * handled it, so the test moves its manual clock only after the call's window has moved.
 */
final class StreamingCall {

    private final StubMcpUpstream stub;
    private final Semaphore heard = new Semaphore(0);
    private final CompletableFuture<ToolOutcome> outcome;

    /** Starts {@code call} (traced {@code call.traceId()}) and returns once the stub has it. */
    StreamingCall(LoopbackUpstreams loopback, StubMcpUpstream stub, ToolCall call) {
        this.stub = stub;
        ProgressRelay relay = new ProgressRelay();
        relay.open(call.traceId(), line -> heard.release());
        this.outcome = loopback.invoker(Map.of("s", ProviderBinding.forward(stub.name(), "t")), relay).invoke(call).toCompletableFuture();
        LoopbackUpstreams.await(stub.received("t"));
    }

    /** Has the stub send one progress notification and waits until the invoker has handled it. */
    void progress() throws InterruptedException {
        stub.sendProgress("t");
        assertThat(heard.tryAcquire(LoopbackUpstreams.WAIT_SECONDS, TimeUnit.SECONDS)).as("the invoker heard the progress").isTrue();
    }

    CompletableFuture<ToolOutcome> outcome() {
        return outcome;
    }
}
