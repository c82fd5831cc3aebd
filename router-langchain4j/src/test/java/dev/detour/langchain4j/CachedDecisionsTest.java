package dev.detour.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.langchain4j.scripted.Reply;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.event.Demoted;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The policy inside a router: when it is asked, and how the cache keeps one outage at one call. */
class CachedDecisionsTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingListener listener = new RecordingListener();
    private ScriptedModelServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmEscalationPolicy llm(LlmProvider provider, String baseUrl, boolean cache) {
        LlmConfig config = LlmConfig.builder().provider(provider).baseUrl(baseUrl).model("m").apiKey("k").cache(cache).build();
        return LlmEscalationPolicy.builder(config).listener(listener).ticker(clock).scheduler(clock).build();
    }

    private LlmEscalationPolicy openAi(boolean cache, Reply... script) {
        server = ScriptedModelServer.start(script);
        return llm(LlmProvider.OPENAI_COMPATIBLE, server.baseUrl(), cache);
    }

    private static Router router(LlmEscalationPolicy llm, HealthView health) {
        return Router.builder(Graphs.twoGoals()).health(health)
                .invoker(new ScriptedToolInvoker().failing("a@1", ErrorCategory.UPSTREAM_UNAVAILABLE))
                .escalationPolicy(llm.policy()).build();
    }

    @Test
    void oneOutageCostsOneLlmCallForAHundredRequests() {
        LlmEscalationPolicy llm = openAi(true, Reply.demoteToFirstReachable());
        Router router = router(llm, new HealthView());

        for (int i = 0; i < 100; i++) {
            RouteResult result = router.route(RouteRequest.toDefaultGoal());
            assertThat(result.status()).isEqualTo(RouteResult.Status.DEMOTED);
            assertThat(result.reachedGoal()).isEqualTo("partial");
            assertThat(result.events()).filteredOn(Demoted.class::isInstance).singleElement()
                    .extracting(e -> ((Demoted) e).decidedBy()).isEqualTo(Demoted.DecidedBy.POLICY);
        }

        assertThat(server.requests()).isOne();
        assertThat(llm.calls()).isOne();
        assertThat(listener.calls).hasSize(1);
        assertThat(listener.cachedDecisions).hasValue(99);
    }

    @Test
    void withTheCacheOffEveryRequestAsksTheModel() {
        LlmEscalationPolicy llm = openAi(false, Reply.demoteToFirstReachable());
        Router router = router(llm, new HealthView());

        for (int i = 0; i < 5; i++) {
            router.route(RouteRequest.toDefaultGoal());
        }

        assertThat(server.requests()).isEqualTo(5);
        assertThat(listener.cachedDecisions).hasValue(0);
    }

    @Test
    void aHealthChangeAsksAgain() {
        LlmEscalationPolicy llm = openAi(true, Reply.demoteToFirstReachable());
        HealthView health = new HealthView();
        Router router = router(llm, health);

        router.route(RouteRequest.toDefaultGoal());
        health.set("a@1", ToolHealth.unavailable("breaker open")); // the same situation: a@1 is out either way
        router.route(RouteRequest.toDefaultGoal());
        health.set("b@1", ToolHealth.degraded(2.0, "slow")); // a new one
        router.route(RouteRequest.toDefaultGoal());
        router.route(RouteRequest.toDefaultGoal());

        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aFailedCallIsNotKeptSoTheNextRequestAsksAgain() {
        LlmEscalationPolicy llm = openAi(true, Reply.httpError(500), Reply.demote("partial"));
        Router router = router(llm, new HealthView());

        RouteResult first = router.route(RouteRequest.toDefaultGoal());
        RouteResult second = router.route(RouteRequest.toDefaultGoal());
        RouteResult third = router.route(RouteRequest.toDefaultGoal());

        assertThat(first.status()).isEqualTo(RouteResult.Status.ESCALATED);
        assertThat(first.error().category()).isEqualTo(ErrorCategory.NO_ROUTE);
        assertThat(first.error().message()).isEqualTo("the LLM failed: the provider answered HTTP 500 (provider error); no route to goal 'full'");
        assertThat(second.status()).isEqualTo(RouteResult.Status.DEMOTED);
        assertThat(third.status()).isEqualTo(RouteResult.Status.DEMOTED);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void theModelIsNotAskedWhileARouteOrALadderStepIsLeft() {
        LlmEscalationPolicy llm = openAi(true, Reply.demoteToFirstReachable());
        Router router = Router.builder(Graphs.linearWithAlternatives())
                .invoker(new ScriptedToolInvoker().failing("search@brave", ErrorCategory.TRANSIENT))
                .escalationPolicy(llm.policy()).build();
        Router ladder = Router.builder(Graphs.linearWithAlternatives())
                .invoker(new ScriptedToolInvoker().failingAll(Set.of("summarize@fast", "summarize@slow")))
                .escalationPolicy(llm.policy()).build();

        assertThat(router.route(RouteRequest.to("done", Map.of("topic", "mcp"))).status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(ladder.route(RouteRequest.to("done", Map.of("topic", "mcp"))).reachedGoal()).isEqualTo("notified");
        assertThat(server.requests()).isZero();
    }

    @Test
    void ollamaIsAskedTheSameWay() {
        server = ScriptedModelServer.start(Reply.demoteToFirstReachable());
        LlmEscalationPolicy llm = llm(LlmProvider.OLLAMA, server.ollamaBaseUrl(), true);

        RouteResult result = router(llm, new HealthView()).route(RouteRequest.toDefaultGoal());

        assertThat(result.reachedGoal()).isEqualTo("partial");
        assertThat(server.received().getFirst().goals()).containsExactly("partial");
        assertThat(listener.calls.getFirst().inputTokens()).isPositive();
    }
}
