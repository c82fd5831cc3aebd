package dev.detour.langchain4j;

import java.time.Duration;
import java.util.Objects;

/**
 * One call to the model, as an {@link LlmCallListener} sees it: what it was for, how it ended, how long
 * it took and what it cost. Every field but the token counts is always set.
 *
 * @param purpose      why the model was asked
 * @param outcome      how the call ended
 * @param provider     the provider's config name ({@code openai-compatible}, {@code anthropic}, {@code ollama}),
 *                     or {@code custom} for a model built by hand
 * @param model        the model name, or {@code custom}
 * @param graph        the graph of the request that asked
 * @param goal         the goal that became infeasible
 * @param latency      from sending to the outcome, on the policy's ticker (the timeout for {@link Outcome#TIMEOUT})
 * @param inputTokens  prompt tokens, or {@code null} when the provider reported none
 * @param outputTokens answer tokens, or {@code null} when the provider reported none
 * @param message      the decision's reason, or for a failure the sentence the escalation carries
 */
public record LlmCall(Purpose purpose, Outcome outcome, String provider, String model, String graph, String goal, Duration latency,
        Integer inputTokens, Integer outputTokens, String message) {

    public LlmCall {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(message, "message");
    }

    /** Why Detour asked a model. A fixed set, so a metric can tag by it. */
    public enum Purpose {
        /** A dead end with no route and no ladder step left: demote to a reachable goal, or escalate. */
        ESCALATION
    }

    /** How a call ended. A fixed set, so a metric can tag by it. */
    public enum Outcome {
        /** The model chose one of the reachable goals. */
        DEMOTE,
        /** The model chose to escalate, with its own message. */
        ESCALATE,
        /** The answer was not the JSON object asked for. */
        MALFORMED,
        /** The model named a goal that is not one of the reachable ones. */
        UNKNOWN_GOAL,
        /** No answer within {@link LlmConfig#timeout()}. */
        TIMEOUT,
        /** The provider answered with an HTTP error (including 401/403 for a bad key and 429). */
        HTTP_ERROR,
        /** The model refused, or stopped for a reason other than finishing its answer. */
        REFUSED,
        /** The call failed otherwise (connection refused, unknown host, an unexpected error). */
        FAILED;

        /** True when the model made a decision; false for every way of failing (each ends as an escalation). */
        public boolean decided() {
            return this == DEMOTE || this == ESCALATE;
        }
    }
}
