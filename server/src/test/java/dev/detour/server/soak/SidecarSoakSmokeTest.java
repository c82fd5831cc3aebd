package dev.detour.server.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A short {@link SidecarSoak} in the default build, so the harness does not rot: 4 clients, two
 * 1.5 s phases, a fault every 400 ms and a reload each phase; every invariant must hold.
 */
class SidecarSoakSmokeTest {

    private static SoakReport report;
    private static String printed;

    @BeforeAll
    static void soakBriefly() {
        report = SidecarSoak.run(SoakOptions.builder().phase(Duration.ofMillis(1500)).clients(4).seed(7)
                .faultEvery(Duration.ofMillis(400)).reloadEvery(Duration.ofMillis(700)).cancelShare(0.05)
                .baselineCalls(60).cheapCalls(5).journalCapacity(4096).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyInvariantHolds() {
        assertThat(report.invariants()).as(printed).allMatch(SoakReport.Invariant::held);
    }

    @Test
    void theChaosScheduleInjectedFaultsAndReloaded() {
        assertThat(report.injections()).as(printed).isGreaterThanOrEqualTo(3);
        assertThat(report.reloads()).as(printed).isEqualTo(4);
    }

    @Test
    void everyCallWasSentAndAnsweredOnce() {
        assertThat(report.tally().sentCount()).as(printed).isPositive().isEqualTo(report.tally().answered());
    }

    @Test
    void theReportStatesTheBaselineRatioAndTheVerdict() {
        assertThat(printed).contains("sequential added").contains("concurrent added").contains("RESULT: PASS");
    }
}
