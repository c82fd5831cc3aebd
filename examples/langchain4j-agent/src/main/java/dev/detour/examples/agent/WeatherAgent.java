package dev.detour.examples.agent;

import dev.detour.langchain4j.ChatModels;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.LlmEscalationPolicy;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.langchain4j.tools.DetourToolProvider;
import dev.detour.langchain4j.tools.ToolBackends;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.spi.RouteListener;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import java.time.Duration;

/**
 * A LangChain4j agent whose {@code weather} tool has two providers, with Detour healing inside the agent:
 * when the preferred station is down, the tool call goes to the other one within the same tool
 * execution, and the model never hears of it.
 *
 * <p>{@link #main} runs it against the scripted model server on loopback, with the preferred station down.
 */
public final class WeatherAgent {

    /** The agent, as LangChain4j's {@code AiServices} implements it. */
    public interface Assistant {
        String chat(String message);
    }

    private WeatherAgent() {
    }

    /** The assistant over {@code model}, with one Detour tool served by {@code met} first and {@code backup} second. */
    public static Assistant assistant(ChatModel model, WeatherStation met, WeatherStation backup, RouteListener listener) {
        // tag::embedding[]
        DetourToolProvider tools = DetourToolProvider.builder()
                .backend("weather@met", ToolBackends.method(met, "weather", ToolAnnotations.READ_ONLY))
                .backend("weather@backup", ToolBackends.method(backup, "weather", ToolAnnotations.READ_ONLY))
                .logicalTool("weather", "Current weather for a city", "weather@met", "weather@backup")
                .listener(listener) // every route event: StepFailed, Rerouted, Completed, ...
                .build();

        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(model)
                .toolProvider(tools)
                .build();
        // end::embedding[]
        return assistant;
    }

    /**
     * The LLM that decides at a goal tool's dead end (no route and no ladder step left), on a local Ollama.
     * Building it opens no connection.
     */
    public static LlmEscalationPolicy deadEndPolicy(String ollamaUrl) {
        // tag::llm[]
        LlmConfig config = LlmConfig.builder()
                .provider("ollama")                  // or "openai-compatible" (OpenAI, vLLM, llama.cpp, LM Studio), "anthropic"
                .baseUrl(ollamaUrl)                  // e.g. http://localhost:11434
                .model("qwen2.5:3b")
                .timeout(Duration.ofSeconds(5))      // past it, the request escalates: "the LLM failed: no answer within 5 s; ..."
                .build();
        LlmEscalationPolicy llm = LlmEscalationPolicy.builder(config).build();
        // DetourToolProvider.builder()...goalTool(...).escalationPolicy(llm.policy()) -- cached: one outage, one LLM call
        // end::llm[]
        return llm;
    }

    /** The scripted model's part: ask for the weather tool, then answer with what it returned. */
    public static ScriptedModelServer scriptedModel() {
        return ScriptedModelServer.start(request -> request.toolResults().isEmpty()
                ? Reply.toolCall("weather", "{\"city\":\"" + (request.userText().contains("Oslo") ? "Oslo" : "Lisbon") + "\"}")
                : Reply.text("Right now: " + request.toolResults().getLast()));
    }

    public static void main(String[] args) {
        WeatherStation met = new WeatherStation("met").down(true);
        WeatherStation backup = new WeatherStation("backup");
        try (ScriptedModelServer llm = scriptedModel()) {
            ChatModel model = ChatModels.create(LlmConfig.builder().provider("openai-compatible").baseUrl(llm.baseUrl()).model("scripted").build());
            Assistant assistant = assistant(model, met, backup, (RouteEvent event) -> System.out.println("  detour: " + event));
            System.out.println("> What is the weather in Lisbon?");
            System.out.println(assistant.chat("What is the weather in Lisbon?"));
            System.out.println("model calls: " + llm.requests() + ", met calls: " + met.calls() + ", backup calls: " + backup.calls());
        }
    }
}
