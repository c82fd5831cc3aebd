package dev.detour.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seconds-long {@link ClusterBench} in the default build, so the harness cannot rot: 10 rounds
 * across three members, a second of load each way. It checks the figures are sane — every sample
 * taken, verdicts arriving within a second, calls answered with clustering off and on — not what they
 * are.
 */
class ClusterBenchSmokeTest {

    private static final int ROUNDS = 10;
    private static ClusterReport report;
    private static String printed;

    @BeforeAll
    static void runBriefly() throws Exception {
        ClusterBenchOptions options = new ClusterBenchOptions(ROUNDS, Duration.ofMillis(300), Duration.ofSeconds(1), 4, 1, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        report = ClusterBench.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        printed = log.toString(StandardCharsets.UTF_8) + "\n" + report.markdown("smoke");
    }

    @Test
    void everyVerdictReachedBothOtherMembersWithinASecond() {
        assertThat(report.propagation().down().getTotalCount()).as(printed).isEqualTo(2L * ROUNDS);
        assertThat(report.propagation().recovery().getTotalCount()).as(printed).isEqualTo(2L * ROUNDS);
        assertThat(report.propagation().down().getMaxValue()).as(printed).isPositive().isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void callsWereAnsweredWithClusteringOffAndOn() {
        assertThat(report.off().succeeded()).as(printed).isPositive();
        assertThat(report.on().succeeded()).as(printed).isPositive();
        assertThat(report.off().failed() + report.on().failed()).as(printed).isZero();
        assertThat(printed).contains("| unavailable").contains("| on |").contains("Extra cost per call");
    }

    @Test
    void theOptionsParseAndTheUsageNamesThem() {
        assertThat(ClusterBenchOptions.parse("--rounds", "5", "--seconds", "2.5", "--workers", "8", "--pairs", "3"))
                .isEqualTo(new ClusterBenchOptions(5, Duration.ofSeconds(5), Duration.ofMillis(2500), 8, 3, null));
        assertThat(ClusterBenchOptions.usage()).contains("--rounds").contains("--into");
    }
}
