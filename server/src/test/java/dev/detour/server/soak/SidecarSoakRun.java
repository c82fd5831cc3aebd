package dev.detour.server.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The long soak, run only by the {@code soak} Maven profile ({@code ./mvnw -pl server verify -Psoak
 * -Dsoak.seconds=60 -Dsoak.clients=32 -Dsoak.seed=N}); its name matches none of the default build's
 * test patterns. Prints the report and fails when an invariant broke.
 */
class SidecarSoakRun {

    @Test
    void everyInvariantHoldsUnderLoadAndChaos() {
        SoakOptions options = SoakOptions.builder()
                .total(Duration.ofSeconds(Long.getLong("soak.seconds", 60)))
                .clients(Integer.getInteger("soak.clients", SoakOptions.DEFAULT_CLIENTS))
                .seed(Long.getLong("soak.seed", SoakOptions.DEFAULT_SEED))
                .build();
        SoakReport report = SidecarSoak.run(options);
        report.print(System.out);
        assertThat(report.invariants()).allMatch(SoakReport.Invariant::held);
    }
}
