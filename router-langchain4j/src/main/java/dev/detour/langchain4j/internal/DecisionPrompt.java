package dev.detour.langchain4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.langchain4j.LlmCall;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.event.StepFailed;
import dev.detour.router.health.ToolHealth;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dead-end question put to a model, and the reading of its answer.
 *
 * <p>The answer is asked for as structured output through a JSON-schema response format — OpenAI's
 * {@code response_format: json_schema} (strict), Anthropic's {@code output_config.format} and Ollama's
 * {@code format}, which LangChain4j 1.11 maps from the one {@link ResponseFormat} — rather than a forced
 * tool call, because Ollama has no way to force a tool call ({@code ToolChoice.REQUIRED} is rejected by
 * its module). Servers that ignore the schema still get the same instructions in the system message, and
 * whatever comes back is validated here: only a demotion to a listed goal or an escalation passes.
 */
public final class DecisionPrompt {

    /** The response schema's name. */
    public static final String SCHEMA_NAME = "detour_decision";

    static final String SYSTEM = """
            You decide for Detour, a tool router, what happens to a request whose goal can no longer be reached because tools failed.
            Either demote the request to one of the listed reachable goals (Detour then completes that lesser goal instead),
            or escalate it to a human. Answer with one JSON object and nothing else:
            {"action": "demote", "goal": "<one of the reachable goals>", "message": "<why, one short sentence>"}
            or {"action": "escalate", "goal": "", "message": "<what the human should know, one short sentence>"}.""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ECHO = 200;

    private DecisionPrompt() {
    }

    /** The chat request for {@code request}: instructions, the situation, and the response schema. */
    public static ChatRequest chatRequest(EscalationRequest request) {
        List<String> goals = new ArrayList<>(request.reachableGoals());
        goals.add("");
        JsonObjectSchema decision = JsonObjectSchema.builder()
                .addEnumProperty("action", List.of("demote", "escalate"), "demote to a reachable goal, or escalate to a human")
                .addEnumProperty("goal", goals, "the goal to demote to; empty when escalating")
                .addStringProperty("message", "one short sentence: why, or what the human should know")
                .required("action", "goal", "message")
                .additionalProperties(false)
                .build();
        return ChatRequest.builder()
                .messages(SystemMessage.from(SYSTEM), UserMessage.from(situation(request)))
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder().name(SCHEMA_NAME).rootElement(decision).build()).build())
                .build();
    }

    /** The situation as the model reads it: goal, failed steps with their SERF causes, unhealthy tools, reachable goals. */
    public static String situation(EscalationRequest request) {
        StringBuilder sb = new StringBuilder();
        sb.append("Graph: ").append(request.graph()).append('\n');
        sb.append("Goal that cannot be reached: ").append(request.goal()).append('\n');
        sb.append("Failed steps:");
        if (request.failedSteps().isEmpty()) {
            sb.append(request.lastError() == null ? " none (the goal was unreachable from the start)"
                    : " " + request.lastError().category() + " - " + request.lastError().message());
        }
        for (StepFailed f : request.failedSteps()) {
            sb.append("\n- step '").append(f.step()).append("' (tool ").append(f.tool()).append("): ")
                    .append(f.error().category()).append(" - ").append(f.error().message())
                    .append(" (side effects ").append(f.error().sideEffects()).append(')');
        }
        sb.append('\n');
        String unhealthy = request.unhealthyTools().entrySet().stream()
                .map(e -> e.getKey() + " is " + e.getValue() + reason(e.getValue()))
                .sorted()
                .collect(Collectors.joining("; "));
        sb.append("Unhealthy tools: ").append(unhealthy.isEmpty() ? "none" : unhealthy).append('\n');
        sb.append("Reachable goals: ").append(String.join(", ", request.reachableGoals()));
        return sb.toString();
    }

    private static String reason(ToolHealth health) {
        return health.reason().isEmpty() ? "" : " (" + health.reason() + ")";
    }

    /** What an answer amounts to: the outcome to report, and the decision the router gets. */
    public record Reading(LlmCall.Outcome outcome, EscalationDecision decision, String message) {
    }

    /** Reads the model's text; anything but a valid demotion or escalation is an explicit escalation saying why. */
    public static Reading read(String text, EscalationRequest request) {
        JsonNode node = parse(text);
        if (node == null || !node.isObject() || !node.path("action").isTextual()) {
            return failure(LlmCall.Outcome.MALFORMED, "its answer was not the JSON decision asked for", request);
        }
        String action = node.path("action").asText().strip().toLowerCase(Locale.ROOT);
        String message = oneLine(node.path("message").asText(""));
        return switch (action) {
            case "demote" -> {
                String goal = node.path("goal").asText("").strip();
                if (request.reachableGoals().contains(goal)) {
                    yield new Reading(LlmCall.Outcome.DEMOTE,
                            new EscalationDecision.DemoteTo(goal, message.isEmpty() ? "chosen by the LLM" : message), message);
                }
                yield failure(LlmCall.Outcome.UNKNOWN_GOAL, goal.isEmpty() ? "it chose to demote but named no goal"
                        : "it chose '" + oneLine(goal) + "', which is not one of the reachable goals " + request.reachableGoals(), request);
            }
            case "escalate" -> {
                String reason = message.isEmpty() ? "the LLM escalated without a message" : message;
                yield new Reading(LlmCall.Outcome.ESCALATE, new EscalationDecision.Escalate(reason), reason);
            }
            default -> failure(LlmCall.Outcome.MALFORMED, "its answer was neither demote nor escalate", request);
        };
    }

    /** The explicit escalation for a failed call: says the LLM failed, why, and what was left unreached. */
    public static Reading failure(LlmCall.Outcome outcome, String why, EscalationRequest request) {
        String reason = "the LLM failed: " + why + "; no route to goal '" + request.goal() + "'";
        return new Reading(outcome, new EscalationDecision.Escalate(reason), reason);
    }

    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        String body = text.strip();
        if (body.startsWith("```")) { // a fenced block, as small local models like to answer
            int start = body.indexOf('\n');
            int end = body.lastIndexOf("```");
            body = start < 0 || end <= start ? "" : body.substring(start + 1, end).strip();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String oneLine(String s) {
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_ECHO ? line : line.substring(0, MAX_ECHO) + "…";
    }
}
