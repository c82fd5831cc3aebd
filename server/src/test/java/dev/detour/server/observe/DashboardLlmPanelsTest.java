package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shows what the LLM at dead ends costs next to what it decided: LLM calls beside
 * the requests that reached a dead end, and what the cache answered. (That every query names catalogue
 * metrics and labels only is {@link K8sManifestsTest}'s.)
 */
class DashboardLlmPanelsTest {

    @Test
    void llmCallsAreShownNextToTheRequestsTheyDecided() throws IOException {
        JsonNode dashboard = K8sManifestsTest.JSON.readTree(K8sManifestsTest.DASHBOARD.toFile());
        List<String> bothInOnePanel = new ArrayList<>();
        Set<String> queried = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            Set<String> inPanel = new HashSet<>();
            panel.path("targets").forEach(t -> inPanel.addAll(K8sManifestsTest.metricNames(t.path("expr").asText())));
            queried.addAll(inPanel);
            if (inPanel.contains("detour_escalation_policy_calls_total") && inPanel.contains("detour_llm_calls_seconds_count")) {
                bothInOnePanel.add(panel.path("type").asText() + " " + panel.path("title").asText());
            }
        }

        // the overview stat and the per-minute graph: requests at a dead end beside the LLM calls that decided them
        assertThat(bothInOnePanel).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("stat "))
                .anySatisfy(p -> assertThat(p).startsWith("timeseries "));
        assertThat(queried).contains("detour_llm_cached_decisions_total", "detour_llm_tokens_total", "detour_llm_calls_seconds_sum");
    }
}
