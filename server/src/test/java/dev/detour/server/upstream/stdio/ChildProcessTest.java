package dev.detour.server.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.server.fakes.TestVertx;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Process-group termination: a wrapper shell and its grandchild both go, even when TERM is ignored. */
class ChildProcessTest {

    @Test
    void terminateStopsTheWholeGroupIncludingAGrandchildThatIgnoresSigterm() throws Exception {
        ChildProcess child = ChildProcess.start(List.of("sh", "-c", "sh -c 'trap \"\" TERM; while :; do sleep 1; done' & wait"));
        TestVertx.awaitCondition("the grandchild started", 5_000, () -> child.process().descendants().findAny().isPresent());
        List<ProcessHandle> family = child.process().descendants().toList();
        child.terminate(Duration.ofMillis(300));
        TestVertx.awaitCondition("the group is gone", 5_000,
                () -> !child.isAlive() && family.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aCommandThatDoesNotExistFailsToStartWithoutCrashing() {
        assertThatThrownBy(() -> ChildProcess.start(List.of("/nonexistent/mcp-server")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void backoffGrowsExponentiallyToItsCap() {
        StdioSupervisorConfig config = StdioSupervisorConfig.builder().initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(1000)).build();
        assertThat(List.of(config.backoff(1), config.backoff(2), config.backoff(3), config.backoff(4), config.backoff(5)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(800), Duration.ofMillis(1000));
    }
}
