package dev.detour.server.demo;

import java.time.Duration;

/**
 * The model the demo's goal tools ask at a dead end, through its {@code llm} section: by default a
 * {@code ScriptedModelServer} that {@link EmbeddedDemo} starts in this process (OpenAI chat completions
 * on loopback; it demotes to the first reachable goal), or a real OpenAI-compatible server
 * ({@code --llm-base-url}, {@code --llm-model}), e.g. a local Ollama at {@code http://localhost:11434/v1}.
 *
 * @param baseUrl the real server's base URL, or {@code null} for the scripted one
 * @param model   the real server's model name, or {@code null} for the scripted one
 */
public record DemoLlm(String baseUrl, String model) {

    /** What the scripted server is called in the config (it answers to any name). */
    public static final String SCRIPTED_MODEL = "detour-demo-scripted";

    /**
     * 60 s for a real model, not the default 10 s: a local model may first have to load, and the act
     * waits for that one call anyway. The scripted model keeps the default.
     */
    static final Duration REAL_MODEL_TIMEOUT = Duration.ofSeconds(60);

    public DemoLlm {
        if ((baseUrl == null) != (model == null)) {
            throw new IllegalArgumentException("a real model needs both a base URL and a model name");
        } // the llm section checks the URL itself
    }

    /** The scripted model server, in this process. */
    public static DemoLlm scripted() {
        return new DemoLlm(null, null);
    }

    /** A real OpenAI-compatible server at {@code baseUrl}, serving {@code model}. */
    public static DemoLlm at(String baseUrl, String model) {
        return new DemoLlm(baseUrl, model);
    }

    /** True for the scripted model server. */
    public boolean scriptedModel() {
        return baseUrl == null;
    }
}
