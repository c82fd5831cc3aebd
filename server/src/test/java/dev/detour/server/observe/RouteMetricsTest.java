package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.demo.Fault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing meters of the catalogue, read over HTTP from a sidecar's {@code /metrics} after real healing calls. */
class RouteMetricsTest {

    @TempDir
    Path dir;

    ObservedSidecar detour;

    @BeforeEach
    void start() {
        detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS);
    }

    @AfterEach
    void stop() {
        detour.close();
    }

    @Test
    void aHealthyCallIsOneSuccessfulToolCallAndOneCompletedRoute() {
        detour.search("mcp");

        detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "web_search", "status", "COMPLETED");
        PrometheusText metrics = detour.scrape();
        assertThat(metrics.value("detour_tool_calls_seconds_count",
                "graph", "web_search", "tool", "search@search_a", "outcome", "success", "category", "none")).isEqualTo(1);
        assertThat(metrics.matching("detour_tool_calls_seconds_bucket", "graph", "web_search", "tool", "search@search_a")).isNotEmpty();
        assertThat(metrics.value("detour_reroutes_total")).isZero();
    }

    @Test
    void aFailedToolCallIsCountedWithItsCategory() {
        detour.inject("search_a", Fault.DOWN);

        detour.search("mcp");

        detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "web_search", "status", "COMPLETED");
        PrometheusText metrics = detour.scrape();
        PrometheusText.Sample failed = metrics.matching("detour_tool_calls_seconds_count",
                "graph", "web_search", "tool", "search@search_a", "outcome", "failure").getFirst();
        assertThat(failed.value()).isEqualTo(1);
        assertThat(failed.labels().get("category")).isNotEqualTo("none");
    }

    @Test
    void aRerouteIsCountedFromTheFailedToolToTheNextWithTheFailuresCategoryAsCause() {
        detour.inject("search_a", Fault.DOWN);

        JsonNode result = detour.search("mcp");

        assertThat(result.path("_meta").path("dev.detour/route").path("provider").asText()).isEqualTo("search@search_b");
        detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "web_search", "status", "COMPLETED");
        PrometheusText metrics = detour.scrape();
        String category = metrics.matching("detour_tool_calls_seconds_count", "tool", "search@search_a", "outcome", "failure")
                .getFirst().labels().get("category");
        assertThat(metrics.value("detour_reroutes_total",
                "graph", "web_search", "from", "search@search_a", "to", "search@search_b", "cause", category)).isEqualTo(1);
    }

    @Test
    void aLadderDemotionIsCountedAsDecidedByTheLadderWithoutAskingThePolicy() {
        detour.inject("summariser", Fault.DOWN);

        detour.research("research", "mcp");

        detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "research", "status", "DEMOTED");
        PrometheusText metrics = detour.scrape();
        assertThat(metrics.value("detour_demotions_total",
                "graph", "research", "from_goal", "report", "to_goal", "sources", "decided_by", "LADDER")).isEqualTo(1);
        assertThat(metrics.matching("detour_escalation_policy_calls_total")).isEmpty();
    }

    @Test
    void aPolicyDemotionCountsThePolicyCallAndTheDemotionAsDecidedByThePolicy() {
        detour.inject("summariser", Fault.DOWN);

        detour.research("digest", "mcp");

        detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "digest", "status", "DEMOTED");
        PrometheusText metrics = detour.scrape();
        assertThat(metrics.value("detour_escalation_policy_calls_total", "graph", "digest", "decision", "DEMOTE")).isEqualTo(1);
        assertThat(metrics.value("detour_demotions_total",
                "graph", "digest", "from_goal", "report", "to_goal", "sources", "decided_by", "POLICY")).isEqualTo(1);
    }

    @Test
    void anEscalationIsCountedByCategoryAndItsRouteTimedAsEscalated() {
        detour.inject("search_a", Fault.DOWN);
        detour.inject("search_b", Fault.DOWN);

        JsonNode result = detour.search("mcp");

        assertThat(result.path("isError").asBoolean()).isTrue();
        detour.awaitMetric("detour_routes_seconds_count", 1, "graph", "web_search", "status", "ESCALATED");
        assertThat(detour.scrape().value("detour_escalations_total", "graph", "web_search", "category", "NO_ROUTE")).isEqualTo(1);
    }
}
