package dev.detour.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmConfigTest {

    private static LlmConfig.Builder openAi() {
        return LlmConfig.builder().provider("openai-compatible").baseUrl("http://127.0.0.1:8000/v1").model("qwen");
    }

    @Test
    void unsetValuesTakeTheDefaults() {
        LlmConfig config = LlmConfig.builder().provider(LlmProvider.OLLAMA).model("llama3.2").build();

        assertThat(config.baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(config.timeout()).isEqualTo(LlmConfig.DEFAULT_TIMEOUT);
        assertThat(config.maxTokens()).isEqualTo(LlmConfig.DEFAULT_MAX_TOKENS);
        assertThat(config.cache()).isTrue();
        assertThat(config.apiKey()).isNull();
    }

    @Test
    void theApiKeyIsNeverPrinted() {
        LlmConfig config = openAi().apiKey("sk-very-secret").build();

        assertThat(config.toString()).doesNotContain("sk-very-secret").contains("apiKey=***");
        assertThat(openAi().build().toString()).contains("apiKey=none");
    }

    @Test
    void eachProblemNamesItsKey() {
        assertThatThrownBy(() -> LlmConfig.builder().model("m").build()).isInstanceOfSatisfying(LlmConfigException.class,
                e -> assertThat(e.field()).isEqualTo("provider"));
        assertThatThrownBy(() -> LlmConfig.builder().provider("gemini")).isInstanceOfSatisfying(LlmConfigException.class,
                e -> assertThat(e).hasMessage("llm.provider must be one of openai-compatible | anthropic | ollama, was 'gemini'"));
        assertThatThrownBy(() -> openAi().model(" ").build()).isInstanceOfSatisfying(LlmConfigException.class,
                e -> assertThat(e.field()).isEqualTo("model"));
        assertThatThrownBy(() -> openAi().baseUrl("localhost:8000").build()).isInstanceOfSatisfying(LlmConfigException.class,
                e -> assertThat(e.field()).isEqualTo("baseUrl"));
        assertThatThrownBy(() -> openAi().timeout(Duration.ZERO).build()).isInstanceOfSatisfying(LlmConfigException.class,
                e -> assertThat(e.field()).isEqualTo("timeout"));
        assertThatThrownBy(() -> openAi().maxTokens(0).build()).isInstanceOfSatisfying(LlmConfigException.class,
                e -> assertThat(e.field()).isEqualTo("maxTokens"));
        assertThatThrownBy(() -> LlmConfig.builder().provider(LlmProvider.ANTHROPIC).model("claude").build())
                .isInstanceOfSatisfying(LlmConfigException.class, e -> assertThat(e.field()).isEqualTo("apiKey"));
    }

    @Test
    void aBuilderFromAConfigBuildsTheSameConfig() {
        LlmConfig config = openAi().apiKey("k").timeout(Duration.ofSeconds(3)).maxTokens(64).cache(false).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void eachProviderGetsItsOwnLangChain4jModel() {
        assertThat(ChatModels.create(openAi().build())).isInstanceOf(OpenAiChatModel.class);
        assertThat(ChatModels.create(LlmConfig.builder().provider("anthropic").model("claude").apiKey("k").build()))
                .isInstanceOf(AnthropicChatModel.class);
        assertThat(ChatModels.create(LlmConfig.builder().provider("ollama").model("llama3.2").build())).isInstanceOf(OllamaChatModel.class);
    }
}
