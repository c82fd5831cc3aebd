package dev.detour.langchain4j;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The wire protocols Detour can talk to a model with, each through its LangChain4j module. The
 * {@linkplain #configName() config name} is what {@code detour.yaml}'s {@code llm.provider} says.
 */
public enum LlmProvider {

    /**
     * The OpenAI chat-completions API ({@code POST {baseUrl}/chat/completions}), through
     * {@code langchain4j-open-ai}: OpenAI itself, vLLM, the llama.cpp server, LM Studio and other
     * servers that speak it. The API key is sent as a bearer token when given.
     */
    OPENAI_COMPATIBLE("openai-compatible", "https://api.openai.com/v1"),

    /** The Anthropic messages API ({@code POST {baseUrl}/messages}), through {@code langchain4j-anthropic}; needs an API key. */
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1"),

    /** Ollama's chat API ({@code POST {baseUrl}/api/chat}), through {@code langchain4j-ollama}; no key unless a proxy in front wants one. */
    OLLAMA("ollama", "http://localhost:11434");

    private final String configName;
    private final String defaultBaseUrl;

    LlmProvider(String configName, String defaultBaseUrl) {
        this.configName = configName;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The name in {@code detour.yaml}: {@code openai-compatible}, {@code anthropic} or {@code ollama}. */
    public String configName() {
        return configName;
    }

    /** The provider's public endpoint, used when the config names none. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /**
     * The provider with this config name (case-insensitive).
     *
     * @throws LlmConfigException naming {@code provider} and the accepted names
     */
    public static LlmProvider fromConfigName(String name) {
        for (LlmProvider p : values()) {
            if (p.configName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return p;
            }
        }
        throw new LlmConfigException("provider", "must be one of " + Arrays.stream(values()).map(LlmProvider::configName)
                .collect(Collectors.joining(" | ")) + ", was '" + name + "'");
    }
}
