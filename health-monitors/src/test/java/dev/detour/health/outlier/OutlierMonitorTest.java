package dev.detour.health.outlier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.health.HealthMonitor;
import dev.detour.health.contract.HealthMonitorContract;
import dev.detour.health.testing.MonitorHarness;
import dev.detour.router.health.ToolHealth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierMonitorTest extends HealthMonitorContract {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final OutlierConfig CONFIG = OutlierConfig.builder()
            .capability("search", "search@a", "search@b")
            .capability("geo", "geo@1", "geo@2", "geo@3", "geo@4")
            .capability("solo", "solo@only")
            .capability("contract", "tool-a", "tool-b")
            .interval(INTERVAL)
            .minimumRequests(10)
            .errorRateMargin(0.3)
            .failureRateThreshold(0.85)
            .baseEjectionTime(Duration.ofSeconds(30))
            .maxEjectionTime(Duration.ofSeconds(300))
            .maxEjectedShare(0.5)
            .build();

    private final OutlierMonitor outlier = new OutlierMonitor(CONFIG);
    private final MonitorHarness h = new MonitorHarness(outlier);

    @Override
    protected HealthMonitor newMonitor() {
        return new OutlierMonitor(CONFIG);
    }

    /** One interval of traffic: {@code failures} of {@code calls} fail. */
    private void traffic(String tool, int calls, int failures) {
        h.fail(tool, failures);
        h.succeed(tool, calls - failures);
    }

    private void endInterval() {
        h.advance(INTERVAL);
    }

    private void ejectSearchA() {
        h.advance(Duration.ofMillis(100));
        traffic("search@a", 10, 8);
        traffic("search@b", 10, 0);
        endInterval();
        assertThat(h.health("search@a")).isInstanceOf(ToolHealth.Unavailable.class);
    }

    @Test
    void ejectsAProviderWhoseErrorRateIsFarAboveItsPeers() {
        ejectSearchA();

        assertThat(h.health("search@a").reason()).startsWith("outlier: ejected for 30 s (ejection #1): error rate 80% vs 0%");
        assertThat(h.health("search@b")).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void keepsAProviderThatIsOnlySomewhatWorseThanItsPeers() {
        for (int i = 0; i < 10; i++) {
            traffic("search@a", 10, 3);
            traffic("search@b", 10, 1);
            endInterval();
        }

        assertThat(h.health("search@a")).isEqualTo(ToolHealth.healthy());
        assertThat(h.transitions("search@a")).isEmpty();
    }

    @Test
    void holdsTheEjectionForTheBaseTimeThenReinstatesAutomatically() {
        ejectSearchA();

        h.advance(Duration.ofSeconds(29));
        assertThat(h.health("search@a")).isInstanceOf(ToolHealth.Unavailable.class);

        h.advance(Duration.ofSeconds(1));
        assertThat(h.health("search@a")).isEqualTo(ToolHealth.healthy());
        assertThat(h.transitions("search@a").getLast().reason()).isEqualTo("ejection ended; reinstated");
    }

    @Test
    void aProviderThatRelapsesIsEjectedForLongerEachTime() {
        ejectSearchA();
        h.advance(Duration.ofSeconds(30));

        traffic("search@a", 10, 9);
        traffic("search@b", 10, 0);
        endInterval();

        assertThat(outlier.timesEjected("search@a")).isEqualTo(2);
        assertThat(h.health("search@a").reason()).contains("ejected for 60 s (ejection #2)");
        h.advance(Duration.ofSeconds(59));
        assertThat(h.health("search@a")).isInstanceOf(ToolHealth.Unavailable.class);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.health("search@a")).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void aRecoveredProviderIsForgivenOneEjectionPerHealthyInterval() {
        ejectSearchA();
        h.advance(Duration.ofSeconds(30));

        traffic("search@a", 10, 0);
        traffic("search@b", 10, 0);
        endInterval();

        assertThat(outlier.timesEjected("search@a")).isZero();
    }

    @Test
    void aFleetWideProblemEjectsNobody() {
        traffic("search@a", 10, 10);
        traffic("search@b", 10, 10);
        endInterval();

        assertThat(h.health("search@a")).isEqualTo(ToolHealth.healthy());
        assertThat(h.health("search@b")).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void neverEjectsMoreThanTheConfiguredShareOfACapability() {
        traffic("geo@1", 10, 10);
        traffic("geo@2", 10, 10);
        traffic("geo@3", 10, 10);
        traffic("geo@4", 10, 0);
        endInterval();

        List<String> out = List.of("geo@1", "geo@2", "geo@3", "geo@4").stream()
                .filter(t -> h.health(t) instanceof ToolHealth.Unavailable).toList();
        assertThat(out).containsExactly("geo@1", "geo@2");
    }

    @Test
    void withIdlePeersOnlyANearTotalFailureRateEjects() {
        traffic("search@a", 10, 8);
        endInterval();
        assertThat(h.health("search@a")).isEqualTo(ToolHealth.healthy());

        traffic("search@a", 10, 9);
        endInterval();
        assertThat(h.health("search@a")).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(h.health("search@a").reason()).contains("no busy peer");
    }

    @Test
    void theOnlyProviderOfACapabilityIsNeverEjected() {
        traffic("solo@only", 10, 10);
        endInterval();

        assertThat(h.health("solo@only")).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void toolsOutsideEveryCapabilityAreNotJudged() {
        traffic("stranger", 50, 50);
        endInterval();

        assertThat(h.health("stranger")).isEqualTo(ToolHealth.healthy());
    }

    @Test
    void aToolInTwoCapabilitiesIsAConfigurationError() {
        assertThatThrownBy(() -> OutlierConfig.builder().capability("x", "t1", "t2").capability("y", "t2").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 't2' is in capabilities 'x' and 'y'");
    }
}
