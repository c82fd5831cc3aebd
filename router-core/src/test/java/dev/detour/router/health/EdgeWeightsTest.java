package dev.detour.router.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgeWeightsTest {

    @Test
    void aHealthyToolKeepsItsBaseCost() {
        assertThat(EdgeWeights.effective(3.0, ToolHealth.healthy())).isEqualTo(3.0);
    }

    @Test
    void aDegradedToolCostsBaseTimesPenalty() {
        assertThat(EdgeWeights.effective(3.0, ToolHealth.degraded(2.5, "slow"))).isEqualTo(7.5);
    }

    @Test
    void anUnavailableZeroCostEdgeIsInfiniteNotNaN() {
        double w = EdgeWeights.effective(0.0, ToolHealth.unavailable("down"));

        assertThat(w).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Double.isNaN(w)).isFalse();
    }

    @Test
    void aPenaltyMustBeFiniteAndAtLeastOne() {
        assertThatThrownBy(() -> ToolHealth.degraded(Double.POSITIVE_INFINITY, "x")).hasMessageContaining("use unavailable()");
        assertThatThrownBy(() -> ToolHealth.degraded(0.5, "x")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> ToolHealth.degraded(Double.NaN, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
