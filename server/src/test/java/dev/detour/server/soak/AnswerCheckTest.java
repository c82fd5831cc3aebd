package dev.detour.server.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.mcp.JsonRpc;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

    private static final JsonNode ID = JsonRpc.MAPPER.getNodeFactory().numberNode(7L);

    private static McpTestClient.Reply json(int status, String body) {
        return new McpTestClient.Reply(status, HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true), body);
    }

    private static CallOutcome outcome(String body, boolean cancelled) {
        return AnswerCheck.of(ID, json(200, body), cancelled).outcome();
    }

    @Test
    void aResultWithContentIsASuccess() {
        assertThat(outcome("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}", false)).isEqualTo(CallOutcome.SUCCESS);
    }

    @Test
    void aGoalToolResultThatReachedALesserGoalIsDemoted() {
        assertThat(outcome("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[],\"structuredContent\":{\"status\":\"DEMOTED\"}}}", false))
                .isEqualTo(CallOutcome.DEMOTED);
    }

    @Test
    void anIsErrorResultNeedsCategoryActionAndSideEffects() {
        String serf = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[],\"isError\":true,\"structuredContent\":"
                + "{\"category\":\"NO_ROUTE\",\"action\":\"ESCALATE\",\"sideEffects\":\"NONE\"}}}";
        String bare = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[],\"isError\":true}}";

        assertThat(outcome(serf, false)).isEqualTo(CallOutcome.SERF_ERROR);
        assertThat(outcome(bare, false)).isEqualTo(CallOutcome.VIOLATION);
    }

    @Test
    void theCancellationErrorCountsOnlyForACallTheClientCancelled() {
        String cancelled = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603,\"message\":\"Request cancelled by the client\"}}";

        assertThat(outcome(cancelled, true)).isEqualTo(CallOutcome.CANCELLED);
        assertThat(outcome(cancelled, false)).isEqualTo(CallOutcome.VIOLATION);
    }

    @Test
    void anHttpErrorOrAResponseForAnotherIdIsNoAnswer() {
        assertThat(AnswerCheck.of(ID, json(503, ""), false).outcome()).isEqualTo(CallOutcome.UNANSWERED);
        assertThat(outcome("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{\"content\":[]}}", false)).isEqualTo(CallOutcome.UNANSWERED);
    }
}
