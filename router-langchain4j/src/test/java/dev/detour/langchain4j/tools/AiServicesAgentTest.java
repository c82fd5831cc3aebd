package dev.detour.langchain4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.langchain4j.ChatModels;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.langchain4j.scripted.ScriptedRequest;
import dev.detour.router.graph.ToolAnnotations;
import dev.langchain4j.service.AiServices;
import org.junit.jupiter.api.Test;

/** An {@code AiServices} agent on Anthropic's API whose tool fails over inside one tool execution. */
class AiServicesAgentTest {

    interface Assistant {
        String chat(String message);
    }

    @Test
    void aFailoverInsideTheToolCostsTheAgentNoModelCall() {
        Weather primary = new Weather("primary").down(true);
        Weather backup = new Weather("backup");
        try (ScriptedModelServer llm = ScriptedModelServer.start(request -> request.toolResults().isEmpty()
                ? Reply.toolCall("weather", "{\"city\":\"Lisbon\"}")
                : Reply.text("Here is the weather: " + request.toolResults().getLast()))) {
            DetourToolProvider tools = DetourToolProvider.builder()
                    .backend("weather@primary", ToolBackends.method(primary, "weather", ToolAnnotations.READ_ONLY))
                    .backend("weather@backup", ToolBackends.method(backup, "weather", ToolAnnotations.READ_ONLY))
                    .logicalTool("weather", null, "weather@primary", "weather@backup")
                    .build();
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(ChatModels.create(LlmConfig.builder().provider("anthropic").baseUrl(llm.baseUrl()).model("claude-test")
                            .apiKey("k").build()))
                    .toolProvider(tools)
                    .build();

            String answer = assistant.chat("What is the weather in Lisbon?");

            assertThat(answer).isEqualTo("Here is the weather: sunny in Lisbon (backup)");
            assertThat(llm.requests(ScriptedRequest.Api.ANTHROPIC)).as("one call to pick the tool, one to answer").isEqualTo(2);
            assertThat(llm.received().getFirst().tools()).containsExactly("weather");
            assertThat(primary.calls()).isOne();
        }
    }
}
