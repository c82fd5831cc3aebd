package dev.detour.langchain4j;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.Map;

/**
 * Turns an {@link LlmConfig} into the LangChain4j {@link ChatModel} of its provider. The one place that
 * knows each provider module's builder.
 *
 * <p>Every model is built with no retries of its own ({@code maxRetries(0)}): the policy counts each
 * decision as one call and enforces {@link LlmConfig#timeout()} itself, and a failed decision is not
 * cached, so the next request at the same dead end asks again. The HTTP client's own timeout is set to
 * the same value, so a call the policy gave up on does not hold its thread for longer.
 *
 * <table>
 *   <caption>What each provider is sent</caption>
 *   <tr><th>provider</th><th>module</th><th>endpoint</th><th>key</th><th>max tokens</th></tr>
 *   <tr><td>{@code openai-compatible}</td><td>{@code langchain4j-open-ai}</td><td>{@code {baseUrl}/chat/completions}</td>
 *       <td>{@code Authorization: Bearer}, when set</td><td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code anthropic}</td><td>{@code langchain4j-anthropic}</td><td>{@code {baseUrl}/messages}</td>
 *       <td>{@code x-api-key}</td><td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code ollama}</td><td>{@code langchain4j-ollama}</td><td>{@code {baseUrl}/api/chat}</td>
 *       <td>{@code Authorization: Bearer}, when set (for a proxy in front)</td><td>{@code options.num_predict}</td></tr>
 * </table>
 */
public final class ChatModels {

    private ChatModels() {
    }

    /** The chat model {@code config} describes. Building it opens no connection. */
    public static ChatModel create(LlmConfig config) {
        return switch (config.provider()) {
            case OPENAI_COMPATIBLE -> OpenAiChatModel.builder()
                    .baseUrl(config.baseUrl())
                    .apiKey(config.apiKey())
                    .modelName(config.model())
                    .maxTokens(config.maxTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .strictJsonSchema(true)
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .baseUrl(config.baseUrl())
                    .apiKey(config.apiKey())
                    .modelName(config.model())
                    .maxTokens(config.maxTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .build();
            case OLLAMA -> OllamaChatModel.builder()
                    .baseUrl(config.baseUrl())
                    .modelName(config.model())
                    .numPredict(config.maxTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .customHeaders(config.apiKey() == null ? Map.of() : Map.of("Authorization", "Bearer " + config.apiKey()))
                    .build();
        };
    }
}
