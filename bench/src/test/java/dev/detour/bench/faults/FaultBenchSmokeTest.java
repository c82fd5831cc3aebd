package dev.detour.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A seconds-long {@link FaultBench} in the default build, so the harness cannot rot: two providers
 * behind a logical tool of a real {@code detour serve} (from this test class path), 100 calls/s, a
 * hard kill and an error burst of a second each. It checks the harness's figures are sane — calls
 * counted, upstream calls counted, a reroute seen — not whether the targets are met.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other smoke test (junit-platform.properties)
class FaultBenchSmokeTest {

    private static FaultReport report;
    private static String printed;

    @BeforeAll
    static void runBriefly() {
        FaultOptions options = FaultOptions.builder().providers(2).rate(100).warmup(Duration.ofMillis(300))
                .phases(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofMillis(1200))
                .faults(List.of(FaultKind.HARD_KILL, FaultKind.ERROR_BURST)).detourClassPath(System.getProperty("java.class.path"))
                .childJvmOptions(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"))
                .workDir(Path.of("target", "faults-smoke")).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        report = FaultBench.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        printed = log.toString(StandardCharsets.UTF_8) + "\n" + report.markdown();
    }

    @Test
    void eachFaultWasMeasuredOverItsWholeWindow() {
        assertThat(report.results()).as(printed).extracting(FaultResult::kind).containsExactly(FaultKind.HARD_KILL, FaultKind.ERROR_BURST);
        for (FaultResult r : report.results()) {
            // 2.2 s of fault and recovery at 100 calls/s; a kill's restart lengthens the fault phase
            assertThat(r.calls()).as(r.kind() + "\n" + printed).isGreaterThanOrEqualTo(150);
            assertThat(r.failures()).isBetween(0L, r.calls());
            assertThat(r.totalUpstreamCalls()).as(r.kind() + "\n" + printed).isPositive();
            assertThat(r.amplification()).as(r.kind() + "\n" + printed).isPositive().isLessThanOrEqualTo(2.0 + 0.5);
            assertThat(r.p99DuringFault()).isPositive().isLessThanOrEqualTo(r.maxDuringFault());
            assertThat(r.faultCalls()).as(r.kind() + "\n" + printed).isPositive().isLessThanOrEqualTo(r.calls());
        }
    }

    @Test
    void anErrorBurstOnTheCheapestProviderIsRerouted() {
        FaultResult burst = report.results().get(1);
        assertThat(burst.firstReroute()).as(printed).isNotNull().isLessThan(Duration.ofSeconds(1));
        assertThat(burst.attempts()).as(printed).isPositive();
    }

    @Test
    void theTableStatesEachFaultAgainstTheTargets() {
        String md = report.markdown();
        assertThat(md).contains(FaultKind.HARD_KILL.label(), FaultKind.ERROR_BURST.label(), "upstream calls per client call", "≤ 1.2×");
        assertThat(md).containsPattern("(?m)^\\| .* \\| (met|\\*\\*not met\\*\\*[^|]*) \\|$");
    }
}
