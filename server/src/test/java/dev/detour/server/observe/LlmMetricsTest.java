package dev.detour.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.Script;
import dev.detour.server.demo.Fault;
import dev.detour.server.fakes.CapturedStderr;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM meters of the catalogue, read over HTTP from a sidecar's {@code /metrics} after dead ends
 * that its {@code llm} section's model (a scripted server on loopback, through LangChain4j's OpenAI
 * client) decided; and the API key shows in none of what an operator sees.
 */
class LlmMetricsTest {

    private static final String[] DIGEST = {"graph", "digest", "goal", "report", "purpose", "ESCALATION"};
    private static final String[] MODEL = {"provider", "openai-compatible", "model", ObservedSidecar.MODEL};

    @TempDir
    Path dir;

    @Test
    void oneLlmCallWithItsTokensDecidesTheFirstRequestAndTheCachedDecisionTheRest() {
        try (ObservedSidecar detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS)) {
            detour.inject("summariser", Fault.DOWN);

            for (int i = 0; i < 5; i++) {
                detour.research("digest", "mcp " + i);
            }

            detour.awaitMetric("detour_routes_seconds_count", 5, "graph", "digest", "status", "DEMOTED");
            PrometheusText metrics = detour.scrape();
            assertThat(detour.model.requests()).isOne();
            assertThat(metrics.value("detour_llm_calls_seconds_count", with(DIGEST, "outcome", "DEMOTE", MODEL))).isEqualTo(1);
            assertThat(metrics.value("detour_llm_calls_seconds_sum", with(DIGEST, "outcome", "DEMOTE", MODEL))).isPositive();
            assertThat(metrics.value("detour_llm_cached_decisions_total", DIGEST)).isEqualTo(4);
            assertThat(metrics.value("detour_escalation_policy_calls_total", "graph", "digest", "decision", "DEMOTE")).isEqualTo(5);
            assertThat(metrics.value("detour_llm_tokens_total", "graph", "digest", "type", "input")).isPositive();
            assertThat(metrics.value("detour_llm_tokens_total", "graph", "digest", "type", "output")).isPositive();
        }
    }

    @Test
    void aFailedLlmCallIsCountedByItsOutcomeAndNotCachedSoTheNextRequestAsksAgain() {
        try (ObservedSidecar detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS, Script.always(Reply.httpError(500)))) {
            detour.inject("summariser", Fault.DOWN);

            JsonNode first = detour.research("digest", "mcp");
            detour.research("digest", "mcp again");

            assertThat(first.path("isError").asBoolean()).isTrue();
            assertThat(first.path("structuredContent").path("message").asText()).contains("the LLM failed");
            detour.awaitMetric("detour_routes_seconds_count", 2, "graph", "digest", "status", "ESCALATED");
            PrometheusText metrics = detour.scrape();
            assertThat(detour.model.requests()).isEqualTo(2);
            assertThat(metrics.value("detour_llm_calls_seconds_count", with(DIGEST, "outcome", "HTTP_ERROR", MODEL))).isEqualTo(2);
            assertThat(metrics.matching("detour_llm_cached_decisions_total")).isEmpty();
        }
    }

    @Test
    void theApiKeyIsInNoMetricNoAdminAnswerAndNoLogLine() {
        try (CapturedStderr log = CapturedStderr.start();
                ObservedSidecar detour = new ObservedSidecar(dir, ObservedSidecar.QUIET_MONITORS)) {
            detour.inject("summariser", Fault.DOWN);
            detour.research("digest", "mcp");
            detour.research("digest", "mcp again");
            detour.awaitMetric("detour_routes_seconds_count", 2, "graph", "digest", "status", "DEMOTED");

            String seen = detour.get("/metrics").body() + detour.get("/admin/graph").body() + detour.get("/admin/routes").body()
                    + detour.get("/health/ready").body() + log.text();

            assertThat(log.text()).contains("LLM decided DEMOTE for goal 'report' of 'digest'").contains("apiKey=***");
            assertThat(seen).doesNotContain(ObservedSidecar.API_KEY);
            assertThat(detour.model.received()).singleElement()
                    .satisfies(request -> assertThat(String.valueOf(request.body())).doesNotContain(ObservedSidecar.API_KEY));
        }
    }

    /** {@code labels}, then {@code name} and {@code value}, then {@code more}: one label list for {@link PrometheusText#value}. */
    private static String[] with(String[] labels, String name, String value, String[] more) {
        String[] all = new String[labels.length + 2 + more.length];
        System.arraycopy(labels, 0, all, 0, labels.length);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        System.arraycopy(more, 0, all, labels.length + 2, more.length);
        return all;
    }
}
