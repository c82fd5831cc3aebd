package dev.detour.server.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.heal.CallToolResults;
import java.util.List;

/**
 * Invariant 2 applied to one answer: what a healing call may end as. Exactly one JSON-RPC response
 * for the request's id, and that response a success, a DEMOTED goal-tool result, an {@code isError}
 * result carrying a SERF object, or — only for a call the client cancelled — the cancellation error.
 */
final class AnswerCheck {

    /** The message Detour answers a request with once its client has cancelled it. */
    static final String CANCELLED_MESSAGE = "Request cancelled by the client";

    /** The verdict on one answer; {@code detail} says what was wrong when the outcome is a violation. */
    record Verdict(CallOutcome outcome, String detail, JsonNode result) {

        static Verdict violation(String detail) {
            return new Verdict(CallOutcome.VIOLATION, detail, null);
        }

        static Verdict unanswered(String detail) {
            return new Verdict(CallOutcome.UNANSWERED, detail, null);
        }
    }

    private AnswerCheck() {
    }

    /**
     * @param id        the request's id
     * @param reply     the HTTP answer to the {@code tools/call} POST
     * @param cancelled the client sent {@code notifications/cancelled} for this request
     */
    static Verdict of(JsonNode id, McpTestClient.Reply reply, boolean cancelled) {
        if (reply.status() != 200) {
            return Verdict.unanswered("HTTP " + reply.status() + ": " + abbreviated(reply.body()));
        }
        List<JsonNode> responses;
        try {
            responses = reply.messages().stream().filter(m -> m.has("result") || m.has("error")).toList();
        } catch (RuntimeException e) {
            return Verdict.unanswered("malformed body (" + e.getMessage() + "): " + abbreviated(reply.body()));
        }
        if (responses.size() != 1) {
            return Verdict.unanswered(responses.size() + " responses in one answer: " + abbreviated(reply.body()));
        }
        JsonNode response = responses.getFirst();
        if (!id.toString().equals(String.valueOf(response.get("id")))) { // 1 and 1L are the same id
            return Verdict.unanswered("a response for id " + response.get("id") + " to request " + id);
        }
        if (response.has("error")) {
            JsonNode error = response.get("error");
            if (cancelled && CANCELLED_MESSAGE.equals(error.path("message").asText())) {
                return new Verdict(CallOutcome.CANCELLED, null, null);
            }
            return Verdict.violation("JSON-RPC error " + error);
        }
        return ofResult(response.get("result"));
    }

    private static Verdict ofResult(JsonNode result) {
        if (result == null || !result.isObject() || !result.path("content").isArray()) {
            return Verdict.violation("not a CallToolResult: " + result);
        }
        JsonNode structured = result.path("structuredContent");
        if (result.path("isError").asBoolean(false)) {
            boolean serf = structured.path("category").isTextual() && structured.path("action").isTextual()
                    && structured.path("sideEffects").isTextual();
            return serf ? new Verdict(CallOutcome.SERF_ERROR, null, result)
                    : Verdict.violation("an isError result without a SERF object: " + abbreviated(result.toString()));
        }
        if ("DEMOTED".equals(structured.path("status").asText())) {
            return new Verdict(CallOutcome.DEMOTED, null, result);
        }
        return new Verdict(CallOutcome.SUCCESS, null, result);
    }

    /** The upstream that answered a logical tool's call, from {@code _meta["dev.detour/route"]}; empty if none. */
    static String answeredBy(JsonNode result) {
        return result == null ? "" : result.path("_meta").path(CallToolResults.ROUTE_META).path("upstream").asText("");
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
