package dev.detour.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.langchain4j.scripted.ScriptedRequest;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.event.StepFailed;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The policy through the real LangChain4j clients (OpenAI-compatible and Anthropic) against the scripted
 * model server on loopback: every scripted answer, good or bad, ends as a decision or an explicit
 * escalation that says the LLM failed and why.
 */
class LlmEscalationPolicyTest {

    static final String API_KEY = "sk-test-secret-1234";
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final EscalationRequest REQUEST = new EscalationRequest("shop", "full", "start", List.of("partial", "notify"),
            Map.of("a@1", ToolHealth.unavailable("vendor incident")), null, "t-1",
            List.of(new StepFailed("t-1", Instant.EPOCH, "a", "a@1",
                    ToolError.of(ErrorCategory.UPSTREAM_UNAVAILABLE, "HTTP 503: service unavailable", SideEffects.NONE), Duration.ofMillis(12))));

    /** The two APIs under test, each as the config a user would write. */
    enum Api {
        OPENAI(ScriptedRequest.Api.OPENAI, LlmProvider.OPENAI_COMPATIBLE),
        ANTHROPIC(ScriptedRequest.Api.ANTHROPIC, LlmProvider.ANTHROPIC);

        final ScriptedRequest.Api wire;
        final LlmProvider provider;

        Api(ScriptedRequest.Api wire, LlmProvider provider) {
            this.wire = wire;
            this.provider = provider;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final RecordingListener listener = new RecordingListener();
    private ScriptedModelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LlmEscalationPolicy policy(Api api, Reply... script) {
        server = ScriptedModelServer.start(script);
        LlmConfig config = LlmConfig.builder().provider(api.provider).baseUrl(server.baseUrl()).model("scripted-model").apiKey(API_KEY)
                .timeout(TIMEOUT).build();
        return LlmEscalationPolicy.builder(config).listener(listener).ticker(clock).scheduler(clock).build();
    }

    private static EscalationDecision await(CompletableFuture<EscalationDecision> decision) throws Exception {
        return decision.get(20, TimeUnit.SECONDS);
    }

    private EscalationDecision decide(Api api, Reply reply) throws Exception {
        return await(policy(api, reply).decide(REQUEST).toCompletableFuture());
    }

    private static String reason(EscalationDecision decision) {
        assertThat(decision).isInstanceOf(EscalationDecision.Escalate.class);
        String reason = ((EscalationDecision.Escalate) decision).reason();
        assertThat(reason).doesNotContain(API_KEY).doesNotContain("Exception").doesNotContain("dev.langchain4j").doesNotContain("\tat ");
        return reason;
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aGoodAnswerDemotesToTheGoalItNames(Api api) throws Exception {
        assertThat(decide(api, Reply.demote("partial"))).isEqualTo(new EscalationDecision.DemoteTo("partial", "the lesser goal is still useful"));

        LlmCall call = listener.calls.getFirst();
        assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.DEMOTE);
        assertThat(call.purpose()).isEqualTo(LlmCall.Purpose.ESCALATION);
        assertThat(call.provider()).isEqualTo(api.provider.configName());
        assertThat(call.model()).isEqualTo("scripted-model");
        assertThat(call.inputTokens()).isPositive();
        assertThat(call.outputTokens()).isPositive();
        assertThat(server.requests(api.wire)).isOne();
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void thePromptCarriesTheGoalTheFailedStepsWithTheirCausesAndTheReachableGoals(Api api) throws Exception {
        decide(api, Reply.escalate("x"));

        ScriptedRequest request = server.received().getFirst();
        assertThat(request.userText())
                .contains("Goal that cannot be reached: full")
                .contains("- step 'a' (tool a@1): UPSTREAM_UNAVAILABLE - HTTP 503: service unavailable (side effects NONE)")
                .contains("a@1 is UNAVAILABLE (vendor incident)")
                .contains("Reachable goals: partial, notify");
        assertThat(request.goals()).as("the response schema lists exactly the reachable goals").containsExactly("partial", "notify");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anEscalationKeepsTheModelsMessage(Api api) throws Exception {
        assertThat(decide(api, Reply.escalate("the payment provider is down, ask a human")))
                .isEqualTo(new EscalationDecision.Escalate("the payment provider is down, ask a human"));
        assertThat(listener.calls.getFirst().outcome()).isEqualTo(LlmCall.Outcome.ESCALATE);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aMalformedAnswerEscalatesSayingSo(Api api) throws Exception {
        assertThat(reason(decide(api, Reply.text("I think you should try again later"))))
                .isEqualTo("the LLM failed: its answer was not the JSON decision asked for; no route to goal 'full'");
        assertThat(listener.calls.getFirst().outcome()).isEqualTo(LlmCall.Outcome.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aGoalThatIsNotReachableEscalatesInsteadOfBeingTried(Api api) throws Exception {
        assertThat(reason(decide(api, Reply.demote("full"))))
                .isEqualTo("the LLM failed: it chose 'full', which is not one of the reachable goals [partial, notify]; no route to goal 'full'");
        assertThat(listener.calls.getFirst().outcome()).isEqualTo(LlmCall.Outcome.UNKNOWN_GOAL);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aSlowModelTimesOutOnThePolicysOwnClockAndNeverHangs(Api api) throws Exception {
        CompletableFuture<EscalationDecision> decision = policy(api, Reply.hang()).decide(REQUEST).toCompletableFuture();
        assertThat(decision).isNotDone();

        clock.advance(TIMEOUT);

        assertThat(decision).isDone();
        assertThat(reason(decision.join())).isEqualTo("the LLM failed: no answer within 2 s; no route to goal 'full'");
        LlmCall call = listener.calls.getFirst();
        assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.TIMEOUT);
        assertThat(call.latency()).isEqualTo(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anHttpErrorEscalatesWithItsStatusOnly(Api api) throws Exception {
        assertThat(reason(decide(api, Reply.httpError(500))))
                .isEqualTo("the LLM failed: the provider answered HTTP 500 (provider error); no route to goal 'full'");
        assertThat(listener.calls.getFirst().outcome()).isEqualTo(LlmCall.Outcome.HTTP_ERROR);
        assertThat(server.requests()).as("no retries of the client's own").isOne();
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aRejectedKeyIsReportedWithoutTheKey(Api api) throws Exception {
        assertThat(reason(decide(api, Reply.httpError(401))))
                .isEqualTo("the LLM failed: the provider answered HTTP 401 (the API key was not accepted); no route to goal 'full'");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aRefusalEscalatesSayingTheModelRefused(Api api) throws Exception {
        assertThat(reason(decide(api, Reply.refusal())))
                .isEqualTo("the LLM failed: the model refused to decide; no route to goal 'full'");
        assertThat(listener.calls.getFirst().outcome()).isEqualTo(LlmCall.Outcome.REFUSED);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anUnreachableServerEscalatesSayingItCouldNotConnect(Api api) throws Exception {
        LlmEscalationPolicy policy = policy(api, Reply.demote("partial"));
        server.close();

        assertThat(reason(await(policy.decide(REQUEST).toCompletableFuture())))
                .isEqualTo("the LLM failed: could not connect to the provider; no route to goal 'full'");
        server = null;
    }
}
