package dev.detour.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.bench.load.client.LoadResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A seconds-long {@link LoadBench} in the default build, so the harness cannot rot: the fast upstream
 * and every Detour route in front of it, as real child processes (Detour from this test class path:
 * nothing is packaged yet), 0.3 s per phase, no warm-up. It checks that the harness produces sane figures — every
 * call answered, percentiles in order, ratios finite — never how fast anything is. No Node: the npm
 * proxy and the Node upstream run only in the full run.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other smoke test (junit-platform.properties)
class LoadBenchSmokeTest {

    /** C1 only: the child JVMs start in a fraction of the time, and speed is not what this test checks. */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static LoadReport report;
    private static String printed;

    @BeforeAll
    static void runBriefly() {
        LoadOptions options = LoadOptions.builder().warmup(Duration.ZERO).seconds(Duration.ofMillis(300)).rates(List.of(100.0))
                .connections(4).withNode(false).detourClassPath(System.getProperty("java.class.path")).childJvmOptions(QUICK_START)
                .workDir(Path.of("target", "load-smoke")).command("LoadBenchSmokeTest").build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        report = LoadBench.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        printed = log.toString(StandardCharsets.UTF_8) + "\n" + report.markdown();
    }

    @Test
    void everyDetourRouteInFrontOfTheFastUpstreamWasMeasured() {
        assertThat(report.results()).as(printed).extracting(r -> r.target().id()).containsExactly("fast/direct", "fast/detour-proxy-http",
                "fast/detour-proxy-stdio", "fast/detour-serve-logical", "fast/detour-serve-goal");
    }

    @Test
    void everyCallOfEveryPhaseWasAnsweredWithAToolResult() {
        for (TargetResult r : report.results()) {
            LoadResult open = r.open().getFirst().result();
            assertThat(open.sent()).as(r.target().id() + "\n" + printed).isEqualTo(30);
            assertThat(open.succeeded()).as(r.target().id() + ": " + open.firstFailure()).isEqualTo(open.sent());
            assertThat(open.notSent()).isZero();
            LoadResult saturation = r.saturation().result();
            assertThat(saturation.failed()).as(r.target().id() + ": " + saturation.firstFailure()).isZero();
            assertThat(saturation.succeeded()).as(r.target().id()).isPositive();
        }
    }

    @Test
    void percentilesAreInOrderAndRatiosToTheDirectRouteAreFinite() {
        for (TargetResult r : report.results()) {
            LoadResult open = r.open().getFirst().result();
            assertThat(open.millis(50)).as(r.target().id()).isPositive().isLessThanOrEqualTo(open.millis(90));
            assertThat(open.millis(90)).isLessThanOrEqualTo(open.millis(99));
            assertThat(open.millis(99)).isLessThanOrEqualTo(open.millis(99.9));
            assertThat(open.latency().getTotalCount()).isEqualTo(open.sent());
            assertThat(report.throughputRatio(r.target().id())).as(r.target().id()).isPositive().isFinite();
            assertThat(r.saturation().generatorCpu().isNegative()).isFalse();
        }
        assertThat(report.throughputRatio("fast/direct")).isEqualTo(1.0);
    }

    @Test
    void detourProcessesSpentCpuAndTheHttpRoutesReportUpstreamConnections() {
        for (TargetResult r : report.results()) {
            if (r.target().route() != Route.DIRECT) {
                assertThat(r.saturation().serverCpu()).as(r.target().id()).isPositive();
            }
            boolean overHttp = Set.of(Route.DIRECT, Route.DETOUR_PROXY_HTTP, Route.DETOUR_SERVE_LOGICAL, Route.DETOUR_SERVE_GOAL)
                    .contains(r.target().route());
            assertThat(r.saturation().upstreamConnections() >= 0).as(r.target().id()).isEqualTo(overHttp);
        }
    }

    @Test
    void theTablesNameEveryRouteWithItsRatio() {
        String md = report.markdown();
        assertThat(md).contains("Open loop at 100 calls/s", "Saturation, closed loop, 4 connections", "Command: `LoadBenchSmokeTest`");
        for (TargetResult r : report.results()) {
            assertThat(md).contains(r.target().route().label());
        }
        assertThat(md).containsPattern("\\(×\\d+\\.\\d\\d, [+-]\\d+\\.\\d{3}\\)");
    }
}
