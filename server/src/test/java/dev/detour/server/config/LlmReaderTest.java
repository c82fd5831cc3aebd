package dev.detour.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.graphs.loader.Source;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.LlmProvider;
import dev.detour.server.secret.SecretTemplates;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code llm} section: read 1:1 into router-langchain4j's {@link LlmConfig}, every mistake at its file:line:field, no key in any message. */
class LlmReaderTest {

    private static final String FILE = "detour.yaml";
    private static final String SECRET = "sk-live-0123456789abcdef";
    private static final SecretTemplates ENVIRONMENT = SecretTemplates.of(Map.of("ANTHROPIC_API_KEY", SECRET, "EMPTY", ""));

    /** An upstream, so the only problems are the {@code llm} section's; it starts at line 3. */
    private static final String UPSTREAMS = """
            upstreams:
              search: {url: "http://localhost:8081/mcp"}
            """;

    private static DetourConfig load(String llm) {
        return ConfigLoader.load(Source.text(FILE, UPSTREAMS + llm), ENVIRONMENT);
    }

    @Test
    void everyKeyIsReadIntoTheLlmConfig() {
        DetourConfig config = load("""
                llm:
                  provider: anthropic
                  baseUrl: https://llm-gateway.internal/v1
                  model: claude-sonnet-4-5
                  apiKey: ${env:ANTHROPIC_API_KEY}
                  timeout: 4s
                  maxTokens: 128
                  cache: false
                """);

        assertThat(config.llm()).isEqualTo(new LlmConfig(LlmProvider.ANTHROPIC, "https://llm-gateway.internal/v1", "claude-sonnet-4-5",
                SECRET, Duration.ofSeconds(4), 128, false));
    }

    @Test
    void leftOutKeysTakeLlmConfigsDefaults() {
        LlmConfig llm = load("""
                llm: {provider: ollama, model: "qwen2.5:3b"}
                """).llm();

        assertThat(llm.baseUrl()).isEqualTo(LlmProvider.OLLAMA.defaultBaseUrl());
        assertThat(llm.apiKey()).isNull();
        assertThat(llm.timeout()).isEqualTo(LlmConfig.DEFAULT_TIMEOUT);
        assertThat(llm.maxTokens()).isEqualTo(LlmConfig.DEFAULT_MAX_TOKENS);
        assertThat(llm.cache()).isTrue();
    }

    @Test
    void withoutAnLlmSectionThereIsNoLlm() {
        assertThat(load("").llm()).isNull();
    }

    @Test
    void aKeyWrittenIntoTheFileIsTakenAsItIs() {
        assertThat(load("""
                llm: {provider: openai-compatible, model: gpt-4o-mini, apiKey: sk-in-the-file}
                """).llm().apiKey()).isEqualTo("sk-in-the-file");
    }

    static Stream<Arguments> brokenSections() {
        return Stream.of(
                Arguments.of("unknown provider", """
                        llm:
                          provider: openai
                          model: gpt-4o-mini
                        """, 4, "llm.provider", "must be one of openai-compatible | anthropic | ollama"),
                Arguments.of("no provider", """
                        llm:
                          model: gpt-4o-mini
                        """, 3, "llm.provider", "'provider' is required"),
                Arguments.of("no model", """
                        llm:
                          provider: ollama
                        """, 3, "llm.model", "'model' is required"),
                Arguments.of("baseUrl that is not http(s)", """
                        llm:
                          provider: ollama
                          model: m
                          baseUrl: localhost:11434
                        """, 6, "llm.baseUrl", "must be an absolute http or https URL"),
                Arguments.of("anthropic without a key", """
                        llm:
                          provider: anthropic
                          model: claude
                        """, 3, "llm.apiKey", "'apiKey' is required for anthropic"),
                Arguments.of("a key from an unset variable", """
                        llm:
                          provider: anthropic
                          model: claude
                          apiKey: ${env:NOT_SET}
                        """, 6, "llm.apiKey", "environment variable NOT_SET is not set"),
                Arguments.of("a key from an empty variable", """
                        llm:
                          provider: anthropic
                          model: claude
                          apiKey: ${env:EMPTY}
                        """, 6, "llm.apiKey", "'apiKey' is empty once its references are resolved"),
                Arguments.of("a reference that names no variable", """
                        llm:
                          provider: anthropic
                          model: claude
                          apiKey: ${env:not a name}
                        """, 6, "llm.apiKey", "does not name an environment variable"),
                Arguments.of("timeout that is not a duration", """
                        llm:
                          provider: ollama
                          model: m
                          timeout: 10
                        """, 6, "llm.timeout", "expected a duration"),
                Arguments.of("zero timeout", """
                        llm:
                          provider: ollama
                          model: m
                          timeout: 0s
                        """, 6, "llm.timeout", "'timeout' must be positive"),
                Arguments.of("maxTokens zero", """
                        llm:
                          provider: ollama
                          model: m
                          maxTokens: 0
                        """, 6, "llm.maxTokens", "'maxTokens' must be positive"),
                Arguments.of("cache that is not a boolean", """
                        llm:
                          provider: ollama
                          model: m
                          cache: sometimes
                        """, 6, "llm.cache", "expected true or false"),
                Arguments.of("unknown key", """
                        llm:
                          provider: ollama
                          model: m
                          temperature: 0.2
                        """, 6, "llm.temperature", "unknown"),
                Arguments.of("not a mapping", """
                        llm: ollama
                        """, 3, "llm", "mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSections")
    void eachMistakeIsReportedAtItsFileLineAndField(String what, String llm, int line, String field, String message) {
        assertThatThrownBy(() -> load(llm)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).as(e.getMessage()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(FILE);
                assertThat(p.line()).isEqualTo(line);
                assertThat(p.field()).isEqualTo(field);
                assertThat(p.message()).containsIgnoringCase(message);
            });
        });
    }

    @Test
    void problemsInOtherKeysAreReportedTogetherWithAnUnknownProvider() {
        assertThatThrownBy(() -> load("""
                llm:
                  provider: openai
                  model: m
                  maxTokens: many
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::field)
                        .containsExactlyInAnyOrder("llm.provider", "llm.maxTokens"));
    }

    @Test
    void noProblemAndNoConfigTextShowsTheKey() {
        String withKey = """
                llm:
                  provider: anthropic
                  model: ""
                  apiKey: ${env:ANTHROPIC_API_KEY}
                  maxTokens: -1
                """;
        String literalKey = """
                llm:
                  provider: anthropic
                  apiKey: %s
                  timeout: never
                """.formatted(SECRET);

        assertThatThrownBy(() -> load(withKey)).isInstanceOf(ConfigException.class).message().doesNotContain(SECRET);
        assertThatThrownBy(() -> load(literalKey)).isInstanceOf(ConfigException.class).message().doesNotContain(SECRET);
        DetourConfig loaded = load("""
                llm: {provider: anthropic, model: claude, apiKey: "${env:ANTHROPIC_API_KEY}"}
                """);
        assertThat(loaded.llm().apiKey()).isEqualTo(SECRET);
        assertThat(loaded.toString()).doesNotContain(SECRET).contains("apiKey=***");
    }
}
