package dev.detour.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTourTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DemoTour tour = new DemoTour(new PrintStream(buffer, true, StandardCharsets.UTF_8));

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyActEndsAsNarrated() {
        assertThat(tour.play()).isTrue();
        assertThat(output()).doesNotContain("UNEXPECTED");
    }

    @Test
    void theTourNeedsNoLlmCall() {
        tour.play();

        assertThat(tour.llmCalls()).isZero();
        assertThat(output()).contains("LLM calls: 0.");
    }

    @Test
    void theTourShowsARerouteADemotionAnEscalationAndRecovery() {
        tour.play();

        assertThat(output())
                .contains("REROUTED  after search-brave, from start: start -> search-backup -> summarize-fast -> report")
                .contains("DEMOTED   report => notified  [decided by LADDER, no LLM]")
                .contains("ESCALATED no route to goal 'notified'")
                .contains("agent receives: {category=NO_ROUTE")
                .contains("REROUTED  after eu-shop, from fork: fork -> eu-cache -> join")
                .contains("COMPLETED done via start -> fork -> eu-cache -> us-shop -> join -> compare -> done");
        assertThat(output().substring(output().indexOf("6. Everything heals")))
                .contains("COMPLETED report via start -> search-brave -> summarize-fast -> report");
    }
}
