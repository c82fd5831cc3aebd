package dev.detour.langchain4j.scripted;

import java.time.Duration;
import java.util.Objects;

/**
 * One scripted answer of a {@link ScriptedModelServer}, rendered in the dialect of the API that was
 * asked (OpenAI chat completions, Anthropic messages, Ollama chat).
 */
public sealed interface Reply {

    /** A structured decision demoting to {@code goal}: {@code {"action":"demote","goal":goal,"message":…}}. */
    static Reply demote(String goal) {
        return new Text("{\"action\":\"demote\",\"goal\":\"" + Objects.requireNonNull(goal, "goal")
                + "\",\"message\":\"the lesser goal is still useful\"}");
    }

    /**
     * The good structured answer whatever the dead end: demote to the first goal the request's response
     * schema offers, or escalate when it offers none. What the demo's scripted LLM says.
     */
    static Reply demoteToFirstReachable() {
        return FirstReachable.INSTANCE;
    }

    /** A structured decision escalating with {@code message}. */
    static Reply escalate(String message) {
        return new Text("{\"action\":\"escalate\",\"goal\":\"\",\"message\":\"" + Objects.requireNonNull(message, "message")
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    /** The assistant answers with {@code text} as is (a final answer, or a malformed decision). */
    static Reply text(String text) {
        return new Text(Objects.requireNonNull(text, "text"));
    }

    /** The assistant asks to call {@code tool} with {@code argumentsJson} (a JSON object). */
    static Reply toolCall(String tool, String argumentsJson) {
        return new ToolCall(Objects.requireNonNull(tool, "tool"), Objects.requireNonNull(argumentsJson, "argumentsJson"));
    }

    /** {@code then}, after {@code delay} (or when the server closes, whichever comes first). */
    static Reply slow(Duration delay, Reply then) {
        return new Slow(Objects.requireNonNull(delay, "delay"), Objects.requireNonNull(then, "then"));
    }

    /** No answer until the server closes. */
    static Reply hang() {
        return new Slow(Duration.ofDays(1), new HttpError(503));
    }

    /** An HTTP error status with the API's error body. */
    static Reply httpError(int status) {
        return new HttpError(status);
    }

    /** The model refuses: OpenAI's {@code refusal} field, Anthropic's {@code stop_reason: "refusal"}. */
    static Reply refusal() {
        return Refusal.INSTANCE;
    }

    /** Plain assistant text. */
    record Text(String text) implements Reply {
    }

    /** A request to call one tool. */
    record ToolCall(String tool, String argumentsJson) implements Reply {
    }

    /** A delayed reply. */
    record Slow(Duration delay, Reply then) implements Reply {
    }

    /** An HTTP error. */
    record HttpError(int status) implements Reply {
    }

    /** A refusal. */
    enum Refusal implements Reply {
        INSTANCE
    }

    /** Demote to the first goal offered. */
    enum FirstReachable implements Reply {
        INSTANCE
    }
}
