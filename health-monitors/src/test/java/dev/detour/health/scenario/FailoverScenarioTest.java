package dev.detour.health.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.health.MonitorRunner;
import dev.detour.health.MonitorRunnerConfig;
import dev.detour.health.breaker.BreakerConfig;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.health.latency.LatencySloConfig;
import dev.detour.health.latency.LatencySloMonitor;
import dev.detour.health.outlier.OutlierConfig;
import dev.detour.health.outlier.OutlierMonitor;
import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.event.Escalated;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.Route;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two providers of one capability in a router-core graph, monitors fed by the router itself: when the
 * preferred provider fails, new routes move to the other within the breaker's window, with no call to
 * the escalation policy; when it heals, routes come back.
 */
class FailoverScenarioTest {

    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(10);

    private final ManualClock ticker = new ManualClock();
    private final HealthView health = new HealthView(ticker);
    private final ScriptedToolInvoker invoker = new ScriptedToolInvoker(ticker);
    private final AtomicInteger policyCalls = new AtomicInteger();
    private final BreakerMonitor breaker = new BreakerMonitor(BreakerConfig.builder()
            .slidingWindow(SlidingWindowType.COUNT_BASED, 10, 4)
            .failureRateThreshold(50)
            .waitInOpen(WAIT_IN_OPEN)
            .permittedCallsInHalfOpen(2)
            .build());
    private final MonitorRunner monitors = MonitorRunner.builder(health)
            .scheduler(ticker).ticker(ticker).clock(ticker)
            .monitor(breaker)
            .monitor(new OutlierMonitor(OutlierConfig.builder().capability("search", "search@a", "search@b").build()))
            .monitor(new LatencySloMonitor(LatencySloConfig.ofDefaults()))
            .build();

    private final ToolGraph graph = ToolGraph.builder("search")
            .start("start")
            .tool("search_a", "search@a", Map.of("q", "${input/q}"), ToolAnnotations.READ_ONLY)
            .tool("search_b", "search@b", Map.of("q", "${input/q}"), ToolAnnotations.READ_ONLY)
            .waypoint("answered")
            .transition("start", "search_a", 1)
            .transition("start", "search_b", 2)
            .transition("search_a", "answered", 0)
            .transition("search_b", "answered", 0)
            .goal("answered")
            .goal("start")
            .build();

    private final Router router = Router.builder(graph)
            .invoker(invoker)
            .health(health)
            .outcomeListener(monitors.outcomeListener())
            .escalationPolicy(request -> {
                policyCalls.incrementAndGet();
                return CompletableFuture.completedFuture(new EscalationDecision.Escalate("no"));
            })
            .ticker(ticker)
            .clock(ticker)
            .build();

    FailoverScenarioTest() {
        monitors.start();
    }

    @AfterEach
    void stop() {
        monitors.close();
    }

    /**
     * One request, then the runner's drain delay passes so the monitors digest its outcomes (they run
     * off the request path, on the default runner configuration).
     */
    private RouteResult search() {
        RouteResult result = router.route(RouteRequest.to("answered", Map.of("q", "mcp")));
        ticker.advance(MonitorRunnerConfig.DEFAULT_DRAIN_DELAY);
        return result;
    }

    private String plannedProvider() {
        return router.plan("answered").map(Route::vertices).orElseThrow().get(1);
    }

    @Test
    void routesMoveToTheHealthyProviderWithinTheWindowAndComeBackWhenTheFailingOneHeals() {
        // Given: both healthy, A is cheaper
        assertThat(search().trail()).containsExactly("start", "search_a", "answered");

        // When: A starts failing
        invoker.failing("search@a", ErrorCategory.UPSTREAM_UNAVAILABLE);

        // Then: each request within the breaker's window still completes, rerouted to B...
        for (int i = 0; i < 4; i++) {
            RouteResult r = search();
            assertThat(r.status()).isEqualTo(RouteResult.Status.COMPLETED);
            assertThat(r.trail()).containsExactly("start", "search_b", "answered");
        }
        // ...and once the window has judged A, no new route touches it.
        assertThat(health.health("search@a")).isInstanceOf(ToolHealth.Unavailable.class);
        assertThat(plannedProvider()).isEqualTo("search_b");
        long callsToA = invoker.callsTo("search@a");
        for (int i = 0; i < 20; i++) {
            assertThat(search().status()).isEqualTo(RouteResult.Status.COMPLETED);
        }
        assertThat(invoker.callsTo("search@a")).isEqualTo(callsToA);

        // And: A heals; after the open-state wait the breaker lets trial calls through and closes
        invoker.healed("search@a");
        ticker.advance(WAIT_IN_OPEN.plusMillis(200));
        assertThat(plannedProvider()).isEqualTo("search_a");
        search();
        search();
        assertThat(health.health("search@a")).isEqualTo(ToolHealth.healthy());
        assertThat(search().trail()).containsExactly("start", "search_a", "answered");

        // No LLM / policy call at any point, and nothing escalated
        assertThat(policyCalls).hasValue(0);
    }

    @Test
    void noRequestEscalatesWhileTheOtherProviderIsHealthy() {
        invoker.failing("search@a", ErrorCategory.TIMEOUT);

        for (int i = 0; i < 30; i++) {
            RouteResult r = search();
            assertThat(r.events()).noneMatch(Escalated.class::isInstance);
        }

        assertThat(policyCalls).hasValue(0);
    }
}
