package dev.detour.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.langchain4j.ChatModels;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.event.StepFailed;
import dev.langchain4j.model.chat.ChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example agent against the scripted model server on loopback, through the real OpenAI client. */
class WeatherAgentTest {

    private final ScriptedModelServer llm = WeatherAgent.scriptedModel();
    private final ChatModel model = ChatModels.create(LlmConfig.builder().provider("openai-compatible").baseUrl(llm.baseUrl())
            .model("scripted").build());
    private final WeatherStation met = new WeatherStation("met");
    private final WeatherStation backup = new WeatherStation("backup");
    private final RouteJournal journal = new RouteJournal();

    @AfterEach
    void stop() {
        llm.close();
    }

    @Test
    void withBothStationsUpTheAgentUsesThePreferredOne() {
        String answer = WeatherAgent.assistant(model, met, backup, journal).chat("What is the weather in Lisbon?");

        assertThat(answer).isEqualTo("Right now: 18 °C and sunny in Lisbon (from met)");
        assertThat(llm.requests()).as("one model call picks the tool, one answers").isEqualTo(2);
        assertThat(backup.calls()).isZero();
    }

    @Test
    void aFailoverCostsNoExtraModelCall() {
        met.down(true);

        String answer = WeatherAgent.assistant(model, met, backup, journal).chat("What is the weather in Oslo?");

        assertThat(answer).isEqualTo("Right now: 18 °C and sunny in Oslo (from backup)");
        assertThat(llm.requests()).as("the same two model calls as without the outage").isEqualTo(2);
        assertThat(met.calls()).isOne();
        assertThat(backup.calls()).isOne();
        assertThat(journal.recent(StepFailed.class)).singleElement().extracting(StepFailed::tool).isEqualTo("weather@met");
        assertThat(journal.recent(Rerouted.class)).singleElement().satisfies(r -> assertThat(r.newPath())
                .containsExactly("start", "weather@backup", "done"));
    }

    @Test
    void withBothStationsDownTheModelIsToldInOneSentenceAndAnswersTheUser() {
        met.down(true);
        backup.down(true);

        String answer = WeatherAgent.assistant(model, met, backup, journal).chat("What is the weather in Lisbon?");

        assertThat(answer).isEqualTo("Right now: No provider of 'weather' is available right now; try again later or tell the user the tool is down.");
        assertThat(llm.requests()).isEqualTo(2);
    }

    @Test
    void theDeadEndPolicyIsBuiltFromItsConfigWithoutAConnection() {
        assertThat(WeatherAgent.deadEndPolicy("http://127.0.0.1:9").calls()).isZero();
    }
}
