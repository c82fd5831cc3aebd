package dev.detour.bench.graphs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GeneratedGraphsTest {

    @ParameterizedTest
    @EnumSource(Topology.class)
    void buildsTheRequestedTopology(Topology topology) {
        assertThat(GeneratedGraphs.generate(topology, 2_000, 7L).topology()).isEqualTo(topology);
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void buildsTheRequestedNumberOfVerticesWithinFivePercent(Topology topology) {
        assertThat(GeneratedGraphs.generate(topology, 2_000, 7L).steps().size()).isBetween(2_000, 2_100);
    }

    @Test
    void theSameSeedGivesTheSameGraph() {
        ToolGraph first = GeneratedGraphs.generate(Topology.DAG, 1_000, 3L);
        ToolGraph second = GeneratedGraphs.generate(Topology.DAG, 1_000, 3L);

        assertThat(second.steps()).isEqualTo(first.steps());
        assertThat(second.transitions()).isEqualTo(first.transitions());
        assertThat(second.forks()).isEqualTo(first.forks());
    }

    @Test
    void includesZeroCostEdges() {
        assertThat(GeneratedGraphs.generate(Topology.LINEAR, 200, 1L).transitions())
                .anySatisfy(t -> assertThat(t.baseCost()).isZero());
    }

    @Test
    void rejectsGraphsTooSmallToShape() {
        assertThatThrownBy(() -> GeneratedGraphs.generate(Topology.LINEAR, 5, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20");
    }
}
