package dev.detour.router.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.event.Demoted;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.testing.Graphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Found by router-langchain4j's cache tests (issue 14): when health monitors had already taken the
 * goal's only tool out before a request began, the request had no path at all, building the policy's
 * request read the position from that missing path, and the request escalated as an internal router
 * error instead of asking the policy. That is the sidecar's usual case: after the first failure the
 * monitors mark the tool down and later requests never reach it.
 */
class PolicyForAGoalUnreachableFromTheStartTest {

    @Test
    void thePolicyIsAskedWhenTheGoalIsInfeasibleBeforeAnyStepRan() {
        HealthView health = new HealthView();
        health.set("a@1", ToolHealth.unavailable("breaker open"));
        List<EscalationRequest> asked = new ArrayList<>();
        Router router = Router.builder(Graphs.twoGoals()).health(health).invoker(new ScriptedToolInvoker())
                .escalationPolicy(r -> {
                    asked.add(r);
                    return CompletableFuture.completedFuture(new EscalationDecision.DemoteTo("partial", "lesser goal"));
                })
                .build();

        RouteResult result = router.route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.DEMOTED);
        assertThat(result.events()).filteredOn(Demoted.class::isInstance).singleElement()
                .satisfies(d -> assertThat(((Demoted) d).failedStep()).isNull());
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.position()).isEqualTo("start");
            assertThat(r.failedSteps()).isEmpty();
            assertThat(r.unhealthyTools()).containsKey("a@1");
        });
    }
}
