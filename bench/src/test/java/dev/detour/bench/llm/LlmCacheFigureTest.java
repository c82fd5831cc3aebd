package dev.detour.bench.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.bench.llm.LlmCacheFigure.Arrival;
import dev.detour.bench.llm.LlmCacheFigure.Row;
import org.junit.jupiter.api.Test;

/** The figures bench/README.md publishes ("LLM calls during one outage"). */
class LlmCacheFigureTest {

    @Test
    void oneOutageCostsOneLlmCallWithTheCacheAndOnePerRequestWithout() {
        assertThat(LlmCacheFigure.row(1000, Arrival.SPACED)).isEqualTo(new Row(1000, Arrival.SPACED, 1000, 1, 999, 1000));
    }

    @Test
    void requestsArrivingWhileTheDecisionIsInFlightShareIt() {
        assertThat(LlmCacheFigure.row(1000, Arrival.BURST)).isEqualTo(new Row(1000, Arrival.BURST, 1000, 1, 999, 1000));
    }

    @Test
    void aHealthChangeCostsOneMoreCall() {
        assertThat(LlmCacheFigure.row(100, Arrival.SPACED_HEALTH_CHANGE))
                .isEqualTo(new Row(100, Arrival.SPACED_HEALTH_CHANGE, 100, 2, 98, 100));
    }
}
