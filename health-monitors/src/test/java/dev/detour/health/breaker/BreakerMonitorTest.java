package dev.detour.health.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.HealthMonitor;
import dev.detour.health.MonitorEvent;
import dev.detour.health.contract.HealthMonitorContract;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.health.ToolHealth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerMonitorTest extends HealthMonitorContract {

    private static final String TOOL = "tool-a";
    private static final BreakerConfig CONFIG = BreakerConfig.builder()
            .slidingWindow(SlidingWindowType.COUNT_BASED, 10, 4)
            .failureRateThreshold(50)
            .waitInOpen(Duration.ofSeconds(10))
            .permittedCallsInHalfOpen(2)
            .slowCallDuration(Duration.ofSeconds(1))
            .build();

    private final BreakerMonitor breaker = new BreakerMonitor(CONFIG);
    private final MonitorHarness h = new MonitorHarness(breaker);

    @Override
    protected HealthMonitor newMonitor() {
        return new BreakerMonitor(CONFIG);
    }

    private void open() {
        h.fail(TOOL, 4);
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
    }

    @Test
    void opensWhenTheFailureRateReachesTheThresholdAndTakesTheToolOut() {
        h.fail(TOOL, 3);
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());

        h.fail(TOOL, 1);

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.health(TOOL).reason()).startsWith("breaker: circuit open: 100% failed");
    }

    @Test
    void everyTransitionIsAnEventNamingToolStatesReasonAndMonitor() {
        open();

        assertThat(h.transitions(TOOL)).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(ToolHealth.healthy());
            assertThat(t.to()).isInstanceOf(ToolHealth.Unavailable.class);
            assertThat(t.monitor()).isEqualTo("breaker");
            assertThat(t.reason()).startsWith("circuit open");
        });
    }

    @Test
    void staysOpenUntilTheWaitInOpenStateHasPassed() {
        open();

        h.advance(Duration.ofMillis(9_900));

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
    }

    @Test
    void halfOpensAfterTheWaitWithAFinitePenaltySoTrialCallsCanBeRouted() {
        open();

        h.advance(Duration.ofMillis(10_200));

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.degraded(1.0, "breaker: circuit half-open: 2 trial calls decide"));
    }

    @Test
    void closesAfterSuccessfulTrialCallsAndTheToolIsHealthyAgain() {
        open();
        h.advance(Duration.ofMillis(10_200));

        h.succeed(TOOL, 2);

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
        assertThat(h.transitions(TOOL)).extracting(t -> t.to().getClass().getSimpleName())
                .containsExactly("Unavailable", "Degraded", "Healthy");
    }

    @Test
    void reopensWhenTheTrialCallsFail() {
        open();
        h.advance(Duration.ofMillis(10_200));

        h.fail(TOOL, 2);

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(h.health(TOOL)).isInstanceOf(ToolHealth.Unavailable.class);
    }

    @Test
    void sporadicFailuresBelowTheThresholdNeverOpenTheBreaker() {
        for (int i = 0; i < 40; i++) {
            h.succeed(TOOL, 2);
            h.fail(TOOL, 1);
            h.advance(Duration.ofSeconds(1));
        }

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(h.transitions(TOOL)).isEmpty();
    }

    @Test
    void fewerCallsThanTheMinimumAreNotJudged() {
        h.fail(TOOL, 3);
        h.advance(Duration.ofMinutes(1));

        assertThat(h.health(TOOL)).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void aWindowOfSlowCallsOpensTheBreakerEvenWhenTheyAllSucceed() {
        h.succeed(TOOL, 4, Duration.ofSeconds(2));

        assertThat(breaker.state(TOOL)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(h.health(TOOL).reason()).contains("100% slow");
    }

    @Test
    void eachToolHasItsOwnBreaker() {
        open();
        h.succeed("tool-b", 10);

        assertThat(h.health("tool-b")).isEqualTo(ToolHealth.healthy());
        assertThat(h.events()).filteredOn(MonitorEvent.SignalChanged.class::isInstance)
                .allMatch(e -> ((MonitorEvent.SignalChanged) e).tool().equals(TOOL));
    }
}
