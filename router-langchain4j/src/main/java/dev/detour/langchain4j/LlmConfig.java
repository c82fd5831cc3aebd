package dev.detour.langchain4j;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Which model Detour asks at a dead end, and how: the {@code llm:} section of {@code detour.yaml},
 * key for key. Immutable; validated when built (each problem an {@link LlmConfigException} naming its
 * key). {@link #toString()} never shows the API key.
 *
 * <pre>{@code
 * LlmConfig config = LlmConfig.builder()
 *         .provider(LlmProvider.OLLAMA)
 *         .baseUrl("http://localhost:11434")
 *         .model("qwen2.5:3b")
 *         .build();
 * ChatModel model = ChatModels.create(config);
 * }</pre>
 *
 * @param provider  the API the model speaks
 * @param baseUrl   the API's base URL, absolute {@code http} or {@code https} (default: the provider's
 *                  public endpoint, {@link LlmProvider#defaultBaseUrl()})
 * @param model     the model name the API expects (required)
 * @param apiKey    the API key, or {@code null} when the server needs none (required for Anthropic);
 *                  resolving {@code ${env:…}} is the config loader's job
 * @param timeout   the longest one decision may take, enforced by the policy itself; past it the
 *                  request escalates (default {@link #DEFAULT_TIMEOUT})
 * @param maxTokens the most tokens the model may answer with (default {@link #DEFAULT_MAX_TOKENS})
 * @param cache     remember decisions per goal and health signature, so one outage costs one call
 *                  (default {@code true})
 */
public record LlmConfig(LlmProvider provider, String baseUrl, String model, String apiKey, Duration timeout, int maxTokens,
        boolean cache) {

    /** 10 seconds: a decision the router waits for, with no tool call in flight. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** 256 tokens: the answer is one small JSON object. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    /** Decisions are cached unless switched off. */
    public static final boolean DEFAULT_CACHE = true;

    public LlmConfig {
        if (provider == null) {
            throw new LlmConfigException("provider", "is required (openai-compatible | anthropic | ollama)");
        }
        baseUrl = baseUrl == null || baseUrl.isBlank() ? provider.defaultBaseUrl() : baseUrl.strip();
        checkUrl(baseUrl);
        if (model == null || model.isBlank()) {
            throw new LlmConfigException("model", "is required: the model name " + provider.configName() + " expects");
        }
        model = model.strip();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        if (provider == LlmProvider.ANTHROPIC && apiKey == null) {
            throw new LlmConfigException("apiKey", "is required for anthropic");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new LlmConfigException("timeout", "must be positive, was " + timeout);
        }
        if (maxTokens < 1) {
            throw new LlmConfigException("maxTokens", "must be positive, was " + maxTokens);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder().provider(provider).baseUrl(baseUrl).model(model).apiKey(apiKey).timeout(timeout).maxTokens(maxTokens)
                .cache(cache);
    }

    /** The same config with the API key masked: {@code apiKey=***} when one is set, {@code apiKey=none} when not. */
    @Override
    public String toString() {
        return "LlmConfig[provider=" + provider.configName() + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", timeout=" + timeout + ", maxTokens=" + maxTokens + ", cache=" + cache + "]";
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new LlmConfigException("baseUrl", "must be an absolute http or https URL, was '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new LlmConfigException("baseUrl", "is not a URL: '" + url + "'");
        }
    }

    /** Builds an {@link LlmConfig}; unset values take the defaults. Not thread-safe. */
    public static final class Builder {
        private LlmProvider provider;
        private String baseUrl;
        private String model;
        private String apiKey;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private boolean cache = DEFAULT_CACHE;

        private Builder() {
        }

        public Builder provider(LlmProvider provider) {
            this.provider = provider;
            return this;
        }

        /** The provider by its config name ({@code openai-compatible}, {@code anthropic}, {@code ollama}). */
        public Builder provider(String configName) {
            return provider(LlmProvider.fromConfigName(configName));
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /** @throws LlmConfigException for the first invalid value, naming its key */
        public LlmConfig build() {
            return new LlmConfig(provider, baseUrl, model, apiKey, timeout, maxTokens, cache);
        }
    }
}
