package dev.detour.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.StepFailed;
import dev.detour.router.event.StepSucceeded;
import dev.detour.server.mcp.JsonRpc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What an agent that asked for progress hears about its healing call. */
class ProgressRelayTest {

    final ProgressRelay relay = new ProgressRelay();
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Test
    void aCallHearsItsStepsRerouteAndTheUpstreamsOwnProgressInOrder() {
        relay.open("t1", heard::add);

        relay.onEvent(new StepFailed("t1", Instant.EPOCH, "a", "search@a", ToolError.of(ErrorCategory.TRANSIENT, "503", SideEffects.NONE),
                Duration.ofMillis(12)));
        relay.onEvent(new Rerouted("t1", Instant.EPOCH, "a", "start", List.of("start", "b", "done"), ErrorCategory.TRANSIENT));
        relay.upstreamProgress("t1", "search@b", JsonRpc.parse("{\"progressToken\":\"x\",\"progress\":3,\"total\":10}".getBytes(StandardCharsets.UTF_8)));
        relay.upstreamProgress("t1", "search@b",
                JsonRpc.parse("{\"progressToken\":\"x\",\"progress\":4,\"message\":\"page 4\"}".getBytes(StandardCharsets.UTF_8)));
        relay.onEvent(new StepSucceeded("t1", Instant.EPOCH, "b", "search@b", Duration.ofMillis(80)));
        relay.onEvent(new Completed("t1", Instant.EPOCH, "done", "done", List.of("start", "b", "done"), Duration.ofMillis(95)));

        assertThat(heard).containsExactly(
                "search@a failed: TRANSIENT",
                "rerouted from 'start': start -> b -> done",
                "search@b: progress 3/10",
                "search@b: page 4",
                "search@b answered (80 ms)");
    }

    @Test
    void anotherCallsEventsAndEventsAfterTheCallEndedAreNotHeard() {
        relay.open("t1", heard::add);

        relay.onEvent(new StepSucceeded("t2", Instant.EPOCH, "b", "search@b", Duration.ofMillis(80)));
        relay.close("t1");
        relay.onEvent(new StepSucceeded("t1", Instant.EPOCH, "b", "search@b", Duration.ofMillis(80)));

        assertThat(heard).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRoute() {
        relay.open("t1", line -> {
            throw new IllegalStateException("client gone");
        });

        relay.onEvent(new StepSucceeded("t1", Instant.EPOCH, "b", "search@b", Duration.ofMillis(80)));
    }
}
