package dev.detour.langchain4j.scripted;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request a {@link ScriptedModelServer} received, reduced to what scripts and tests look at.
 *
 * @param api         which API was called
 * @param number      the request's number on this server, from 1
 * @param body        the parsed JSON body
 * @param userText    the text of the last user message, or {@code ""}
 * @param toolResults the tool results the client sent back, oldest first
 * @param tools       the names of the tools the client offered
 * @param goals       the goals the response schema lets the model pick (a Detour decision), else empty
 */
public record ScriptedRequest(Api api, int number, Map<String, Object> body, String userText, List<String> toolResults,
        List<String> tools, List<String> goals) {

    public ScriptedRequest {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body)); // not Map.copyOf: JSON nulls
        toolResults = List.copyOf(toolResults);
        tools = List.copyOf(tools);
        goals = List.copyOf(goals);
    }

    /** The APIs the server speaks. */
    public enum Api {
        /** {@code POST /v1/chat/completions}. */
        OPENAI,
        /** {@code POST /v1/messages}. */
        ANTHROPIC,
        /** {@code POST /api/chat}. */
        OLLAMA
    }
}
