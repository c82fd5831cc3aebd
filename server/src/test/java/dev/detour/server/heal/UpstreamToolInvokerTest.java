package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.time.ManualClock;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.mcp.JsonRpc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How upstream answers become router-core outcomes. Windows run on manual time (the network on real
 * loopback): a test moves the clock only after the upstream has what it needs to see.
 */
class UpstreamToolInvokerTest {

    final ManualClock clock = new ManualClock();
    final LoopbackUpstreams loopback = new LoopbackUpstreams(clock);

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void aResultIsASuccessCarryingTheCallToolResultAsPlainValues() {
        ToolOutcome outcome = UpstreamToolInvoker.fromResponse(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
                + "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"structuredContent\":{\"n\":2}}}"));

        assertThat(outcome).isInstanceOfSatisfying(ToolOutcome.Success.class, s -> assertThat(s.result())
                .isEqualTo(Map.of("content", List.of(Map.of("type", "text", "text", "ok")), "structuredContent", Map.of("n", 2))));
    }

    @Test
    void anIsErrorResultIsClassifiedAndCountsAsHavingReachedTheUpstream() {
        ToolOutcome outcome = UpstreamToolInvoker.fromResponse(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
                + "{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"disk on fire\"}]}}"));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.INTERNAL);
        assertThat(error(outcome).sideEffects()).isEqualTo(SideEffects.POSSIBLE);
    }

    @Test
    void anIsErrorResultThatSaysTheArgumentsAreWrongHadNoEffect() {
        ToolOutcome outcome = UpstreamToolInvoker.fromResponse(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
                + "{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"invalid date\"}]}}"));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.INVALID_ARGUMENTS);
        assertThat(error(outcome).sideEffects()).isEqualTo(SideEffects.NONE);
    }

    @Test
    void aJsonRpcErrorIsClassifiedByItsCode() {
        ToolOutcome outcome = UpstreamToolInvoker.fromResponse(
                message("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no such tool\"}}"));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void aSerfObjectFromADetourFurtherUpstreamIsTakenAsItIs() {
        ToolOutcome outcome = UpstreamToolInvoker.fromResponse(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":true,"
                + "\"content\":[],\"structuredContent\":{\"category\":\"RATE_LIMITED\",\"action\":\"REROUTE\",\"message\":\"slow down\","
                + "\"sideEffects\":\"NONE\",\"retryAfter\":2.0}}}"));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(error(outcome).retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(error(outcome).sideEffects()).isEqualTo(SideEffects.NONE);
    }

    @Test
    void aResultThatIsNotAnObjectIsAnInternalError() {
        ToolOutcome outcome = UpstreamToolInvoker.fromResponse(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[1,2]}"));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.INTERNAL);
    }

    @Test
    void aStepBoundToAnUnknownUpstreamFailsBeforeAnythingIsSent() {
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("nowhere", "t")));

        ToolOutcome outcome = LoopbackUpstreams.await(invoker.invoke(call("s")));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.UPSTREAM_UNAVAILABLE);
        assertThat(error(outcome).sideEffects()).isEqualTo(SideEffects.NONE);
    }

    @Test
    void aMappingThatReadsAMissingArgumentIsAnArgumentErrorWithoutACall() {
        StubMcpUpstream a = loopback.start("a").answerText("t", "ok");
        UpstreamToolInvoker invoker = loopback.invoker(
                Map.of("s", new ProviderBinding("a", "t", dev.detour.router.graph.ArgumentTemplate.of(Map.of("q", "${input/query}")))));

        ToolOutcome outcome = LoopbackUpstreams.await(invoker.invoke(call("s")));

        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.INVALID_ARGUMENTS);
        assertThat(a.calls("t")).isZero();
    }

    @Test
    void aToolThatReportsProgressIsNotCutAtItsWindow() throws InterruptedException {
        StubMcpUpstream a = loopback.start("a").streaming("t");
        StreamingCall call = new StreamingCall(loopback, a, call("s", Duration.ofMillis(300), Duration.ofSeconds(8)));

        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMillis(200));
            call.progress();
        }
        clock.advance(Duration.ofMillis(200)); // 800 ms in: far past the first window, inside the last
        a.release("t");

        assertThat(LoopbackUpstreams.await(call.outcome())).isInstanceOf(ToolOutcome.Success.class);
    }

    @Test
    void aSilentToolAsSlowIsCutAtItsWindowAndCancelledUpstream() {
        StubMcpUpstream a = loopback.start("a").hold("t");
        var outcome = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")))
                .invoke(call("s", Duration.ofMillis(300), Duration.ofSeconds(8))).toCompletableFuture();
        LoopbackUpstreams.await(a.received("t"));

        clock.advance(Duration.ofMillis(299));
        loopback.settle();
        assertThat(outcome).isNotDone();
        clock.advance(Duration.ofMillis(1));

        assertThat(error(LoopbackUpstreams.await(outcome)).category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(error(outcome.join()).message()).contains("its window of 300 ms").doesNotContain("progress");
        LoopbackUpstreams.await(a.cancelled());
    }

    @Test
    void progressNeverExtendsACallPastTheRequestsDeadline() throws InterruptedException {
        StubMcpUpstream a = loopback.start("a").streaming("t");
        StreamingCall call = new StreamingCall(loopback, a, call("s", Duration.ofMillis(300), Duration.ofMillis(900)));

        for (int i = 1; i <= 4; i++) { // at 200, 400, 600 and 800 ms: the last would reach past 900 ms
            clock.advance(Duration.ofMillis(200));
            call.progress();
        }
        clock.advance(Duration.ofMillis(100));

        ToolOutcome outcome = LoopbackUpstreams.await(call.outcome());
        assertThat(error(outcome).category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(error(outcome).message()).contains("restarted by 3 progress notification(s) up to the request's deadline");
        LoopbackUpstreams.await(a.cancelled());
    }

    @Test
    void cancellingTheCallCancelsItUpstream() {
        StubMcpUpstream a = loopback.start("a").hold("t");
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")));
        var outcome = invoker.invoke(call("s")).toCompletableFuture();
        LoopbackUpstreams.await(a.received("t"));

        outcome.cancel(false);

        assertThat(LoopbackUpstreams.await(a.cancelled()).path("reason").asText()).contains("cancelled");
    }

    @Test
    void everyCallAsksForProgress() {
        StubMcpUpstream a = loopback.start("a").answerText("t", "ok");
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")));

        LoopbackUpstreams.await(invoker.invoke(call("s")));

        assertThat(invoker.extendsWindowOnProgress()).isTrue();
        assertThat(a.metas("t")).singleElement().satisfies(meta -> assertThat(meta.path("progressToken").asText()).startsWith("detour-"));
    }

    @Test
    void aCallToAToolThatIsNotReadOnlyCarriesItsIdempotencyKey() {
        StubMcpUpstream a = loopback.start("a").answerText("t", "ok");
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")));

        LoopbackUpstreams.await(invoker.invoke(new ToolCall("trace-7", "s", "t@x", Map.of(), ToolAnnotations.IDEMPOTENT, Duration.ofSeconds(5))));

        assertThat(a.metas("t")).singleElement()
                .satisfies(meta -> assertThat(meta.path(UpstreamToolInvoker.IDEMPOTENCY_KEY).asText()).isEqualTo("trace-7/s"));
    }

    @Test
    void aReadOnlyCallCarriesNoIdempotencyKey() {
        StubMcpUpstream a = loopback.start("a").answerText("t", "ok");
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")));

        LoopbackUpstreams.await(invoker.invoke(call("s")));

        assertThat(a.metas("t")).singleElement().satisfies(meta -> assertThat(meta.has(UpstreamToolInvoker.IDEMPOTENCY_KEY)).isFalse());
    }

    @Test
    void aReadOnlyCallWhoseConnectionClosedBeforeAnyAnswerIsSentAgainOnce() {
        StubMcpUpstream a = loopback.start("a").crashOnce("t");
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")));

        ToolOutcome outcome = LoopbackUpstreams.await(invoker.invoke(call("s")));

        assertThat(outcome).isInstanceOf(ToolOutcome.Success.class);
        assertThat(a.calls("t")).isEqualTo(2);
    }

    @Test
    void aCallThatMayNotBeRepeatedIsNotSentAgainWhenItsConnectionClosed() {
        StubMcpUpstream a = loopback.start("a").crashOnce("t");
        UpstreamToolInvoker invoker = loopback.invoker(Map.of("s", ProviderBinding.forward("a", "t")));

        ToolOutcome outcome = LoopbackUpstreams.await(invoker.invoke(
                new ToolCall("trace", "s", "t@x", Map.of(), ToolAnnotations.UNKNOWN, Duration.ofSeconds(5))));

        assertThat(error(outcome).sideEffects()).isEqualTo(SideEffects.UNKNOWN);
        assertThat(a.calls("t")).isEqualTo(1);
    }

    private static ToolCall call(String step, Duration window, Duration untilDeadline) {
        return new ToolCall("trace", step, "t@x", Map.of(), ToolAnnotations.READ_ONLY, window, untilDeadline);
    }

    private static ToolCall call(String step) {
        return new ToolCall("trace", step, "t@x", Map.of(), ToolAnnotations.READ_ONLY, Duration.ofSeconds(5));
    }

    private static ToolError error(ToolOutcome outcome) {
        assertThat(outcome).isInstanceOf(ToolOutcome.Failure.class);
        return ((ToolOutcome.Failure) outcome).error();
    }

    private static ObjectNode message(String json) {
        return (ObjectNode) JsonRpc.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
