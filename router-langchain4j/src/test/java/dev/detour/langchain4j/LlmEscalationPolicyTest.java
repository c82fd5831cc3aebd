package dev.detour.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.event.Demoted;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LlmEscalationPolicyTest {

    /** A chat model that answers a fixed line and keeps the prompts it saw. */
    private static final class CannedModel implements ChatModel {
        final List<String> prompts = new CopyOnWriteArrayList<>();
        private final String answer;

        CannedModel(String answer) {
            this.answer = answer;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            for (ChatMessage m : request.messages()) {
                if (m instanceof UserMessage u) {
                    prompts.add(u.singleText());
                }
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(answer)).build();
        }
    }

    private static final EscalationRequest REQUEST = new EscalationRequest("g", "full", "start", List.of("partial", "notify"),
            Map.of("a@1", ToolHealth.unavailable("vendor incident")), null, "t");

    private static EscalationDecision decide(String answer) {
        return new LlmEscalationPolicy(new CannedModel(answer), Runnable::run).decide(REQUEST).toCompletableFuture().join();
    }

    @Test
    void aDemotionToAReachableGoalIsTaken() {
        assertThat(decide("DEMOTE partial")).isEqualTo(new EscalationDecision.DemoteTo("partial", "chosen by the model"));
    }

    @Test
    void aDemotionToAnythingElseBecomesAnEscalation() {
        assertThat(decide("DEMOTE full")).isInstanceOf(EscalationDecision.Escalate.class);
    }

    @Test
    void anEscalationKeepsTheModelsReason() {
        assertThat(decide("ESCALATE payment provider down, ask a human")).isEqualTo(new EscalationDecision.Escalate("payment provider down, ask a human"));
    }

    @Test
    void anUnparseableAnswerEscalates() {
        assertThat(((EscalationDecision.Escalate) decide("I think you should try again later")).reason())
                .startsWith("the model's answer was not DEMOTE or ESCALATE");
    }

    @Test
    void thePromptNamesTheGoalTheReachableGoalsAndTheUnhealthyTools() {
        CannedModel model = new CannedModel("ESCALATE x");
        new LlmEscalationPolicy(model, Runnable::run).decide(REQUEST).toCompletableFuture().join();

        assertThat(model.prompts.getFirst())
                .contains("Goal that cannot be reached: full")
                .contains("Reachable goals: partial, notify")
                .contains("a@1 is UNAVAILABLE (vendor incident)");
    }

    @Test
    void aRouterConsultsTheModelOnceForAThousandRequestsDuringOneOutage() {
        ToolGraph graph = Graphs.twoGoals();
        CannedModel model = new CannedModel("DEMOTE partial");
        LlmEscalationPolicy llm = new LlmEscalationPolicy(model, Runnable::run);
        Router router = Router.builder(graph)
                .invoker(new ScriptedToolInvoker().failing("a@1", ErrorCategory.UPSTREAM_UNAVAILABLE))
                .escalationPolicy(new dev.detour.router.escalate.CachingEscalationPolicy(llm))
                .build();

        for (int i = 0; i < 1000; i++) {
            RouteResult result = router.route(RouteRequest.toDefaultGoal());
            assertThat(result.status()).isEqualTo(RouteResult.Status.DEMOTED);
            assertThat(result.events()).filteredOn(Demoted.class::isInstance).singleElement()
                    .extracting(e -> ((Demoted) e).decidedBy()).isEqualTo(Demoted.DecidedBy.POLICY);
        }

        assertThat(llm.calls()).isOne();
    }
}
