package dev.detour.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.HealthMonitor;
import dev.detour.health.contract.HealthMonitorContract;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.health.ToolHealth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeMonitorTest extends HealthMonitorContract {

    private static final String TOOL = "tool-a";
    private static final ProbeConfig CONFIG = ProbeConfig.builder()
            .interval(Duration.ofSeconds(1))
            .timeout(Duration.ofSeconds(1))
            .failureThreshold(3)
            .successThreshold(2)
            .build();

    /** How the scripted upstream answers probes; switchable mid-test. */
    private enum Answer { UP, DOWN, HANG, THROW }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();
    private MonitorHarness h;

    private CompletionStage<ProbeResult> answer(String tool, Duration timeout) {
        probes.incrementAndGet();
        Answer a = answers.getOrDefault(tool, Answer.UP);
        CompletableFuture<ProbeResult> f = new CompletableFuture<>();
        Runnable complete = switch (a) {
            case UP -> () -> f.complete(ProbeResult.up("pong"));
            case DOWN -> () -> f.complete(ProbeResult.down("HTTP 503"));
            case HANG -> () -> { };
            case THROW -> throw new IllegalStateException("connection refused");
        };
        Duration delay = delays.get(tool);
        if (delay == null) {
            complete.run();
        } else {
            h.clock.schedule(complete, delay);
        }
        return f;
    }

    private final ProbeMonitor probe = new ProbeMonitor(CONFIG, this::answer, List.of(TOOL));

    ProbeMonitorTest() {
        h = new MonitorHarness(probe);
    }

    @Override
    protected HealthMonitor newMonitor() {
        return new ProbeMonitor(CONFIG, (tool, timeout) -> CompletableFuture.completedFuture(ProbeResult.up("pong")), List.of(TOOL));
    }

    @Test
    void probesEachToolOncePerInterval() {
        h.advance(Duration.ofMillis(9_950));

        assertThat(probes.get()).isEqualTo(10);
    }

    @Test
    void takesAToolOutAfterConsecutiveFailedProbes() {
        answers.put(TOOL, Answer.DOWN);

        h.advance(Duration.ofMillis(1_500));
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());

        h.advance(Duration.ofMillis(1_000));
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.health(TOOL).reason()).isEqualTo("probe: 3 consecutive probe failures; last: probe says down: HTTP 503");
    }

    @Test
    void aHangingToolIsOutWithinThreeSecondsOnTheProbeClock() {
        answers.put(TOOL, Answer.HANG);

        h.advance(Duration.ofMillis(3_100));

        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.health(TOOL).reason()).contains("no answer within the 1000 ms probe timeout");
    }

    @Test
    void aThrowingProberCountsAsAFailedProbeNotAsAMonitorFailure() {
        answers.put(TOOL, Answer.THROW);

        h.advance(Duration.ofSeconds(3));

        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.health(TOOL).reason()).contains("connection refused");
        assertThat(h.failures()).isEmpty();
    }

    @Test
    void staysOutWhileProbesKeepFailing() {
        answers.put(TOOL, Answer.DOWN);
        h.advance(Duration.ofSeconds(3));

        h.advance(Duration.ofMinutes(5));

        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.transitions(TOOL)).hasSize(1);
    }

    @Test
    void isReinstatedAfterConsecutiveSuccessfulProbes() {
        answers.put(TOOL, Answer.DOWN);
        h.advance(Duration.ofSeconds(3));
        answers.put(TOOL, Answer.UP);

        h.advance(Duration.ofSeconds(1));
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);

        h.advance(Duration.ofSeconds(1));
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
        assertThat(h.transitions(TOOL).getLast().reason()).isEqualTo("reinstated after 2 consecutive successful probes");
    }

    @Test
    void alternatingFailuresNeverTakeAToolOut() {
        for (int i = 0; i < 30; i++) {
            answers.put(TOOL, i % 2 == 0 ? Answer.DOWN : Answer.UP);
            h.advance(Duration.ofSeconds(1));
        }

        assertThat(h.transitions(TOOL)).isEmpty();
    }

    @Test
    void aSlowButHealthyToolAnsweringWithinTheProbeTimeoutStaysIn() {
        delays.put(TOOL, Duration.ofMillis(900));
        for (int i = 0; i < 60; i++) {
            h.succeed(TOOL, 1, Duration.ofSeconds(30));
            h.advance(Duration.ofSeconds(1));
        }

        assertThat(h.transitions(TOOL)).isEmpty();
        assertThat(probe.down(TOOL)).isFalse();
    }

    @Test
    void aBusyToolWhosePingsAreLateIsNotTakenOutWhileItServesCalls() {
        delays.put(TOOL, Duration.ofMillis(1_500));
        for (int i = 0; i < 30; i++) {
            h.advance(Duration.ofSeconds(1));
            h.succeed(TOOL, 1);
        }

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void anIdleToolWhosePingsAreAlwaysLateIsTakenOut() {
        delays.put(TOOL, Duration.ofMillis(1_500));

        h.advance(Duration.ofSeconds(10));

        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
    }
}
