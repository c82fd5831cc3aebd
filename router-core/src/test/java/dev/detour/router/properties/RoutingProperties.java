package dev.detour.router.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.event.Completed;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.StepFailed;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.ShortestPathRouter;
import dev.detour.router.testing.RandomGraphs;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Invariants of routing and execution over random graphs of all three topologies, random health
 * snapshots and random sets of failing tools.
 */
class RoutingProperties {

    /** One random world: a graph, health set before the request, and tools that fail when called. */
    private record World(ToolGraph graph, java.util.Map<String, ToolHealth> health, Set<String> failing) {

        static World of(long seed, Topology topology) {
            ToolGraph graph = RandomGraphs.generate(seed, topology);
            Random random = new Random(seed * 31 + 7);
            java.util.Map<String, ToolHealth> health = new java.util.LinkedHashMap<>();
            Set<String> failing = new LinkedHashSet<>();
            for (String tool : graph.tools()) {
                switch (random.nextInt(10)) {
                    case 0 -> health.put(tool, ToolHealth.unavailable("down"));
                    case 1 -> health.put(tool, ToolHealth.degraded(1 + random.nextInt(5), "slow"));
                    case 2, 3 -> failing.add(tool);
                    default -> { }
                }
            }
            return new World(graph, health, failing);
        }

        Run run(boolean withPolicy) {
            ManualClock ticker = new ManualClock();
            HealthView view = new HealthView(ticker);
            health.forEach(view::set);
            ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker).failingAll(failing);
            AtomicInteger policyCalls = new AtomicInteger();
            Router.Builder builder = Router.builder(graph).invoker(tools).health(view).ticker(ticker).clock(ticker);
            if (withPolicy) {
                builder.escalationPolicy(request -> {
                    policyCalls.incrementAndGet();
                    return CompletableFuture.completedFuture(new EscalationDecision.Escalate("policy says stop"));
                });
            }
            RouteResult result = builder.build().route(RouteRequest.toDefaultGoal().withTraceId("t"));
            return new Run(result, policyCalls.get(), tools);
        }

        /** Whether a path to {@code goal} avoids every unavailable and every failing tool. */
        boolean feasible(String goal) {
            HealthView view = new HealthView();
            health.forEach(view::set);
            return new ShortestPathRouter(graph, view).route(graph.start(), goal, null, failing).isPresent();
        }
    }

    private record Run(RouteResult result, int policyCalls, ScriptedToolInvoker tools) {
    }

    @Property(tries = 300)
    void sameGraphAndHealthGiveTheSamePathAndEvents(@ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        World world = World.of(seed, topology);

        Run first = world.run(true);
        Run second = world.run(true);

        assertThat(second.result().events()).isEqualTo(first.result().events());
        assertThat(second.result().trail()).isEqualTo(first.result().trail());
        assertThat(second.tools().calledTools()).isEqualTo(first.tools().calledTools());
    }

    @Property(tries = 500)
    void everyFailedStepIsFollowedByExactlyOneRerouteDemotionOrEscalation(
            @ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        List<RouteEvent> events = World.of(seed, topology).run(true).result().events();

        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof StepFailed failed) {
                long before = events.subList(0, i).stream().filter(e -> failed.step().equals(e.resolves())).count();
                long after = events.subList(i + 1, events.size()).stream().filter(e -> failed.step().equals(e.resolves())).count();
                assertThat(before).as("resolutions of %s before it failed, in %s", failed.step(), events).isZero();
                assertThat(after).as("resolutions of %s in %s", failed.step(), events).isEqualTo(1);
            }
        }
        RouteEvent last = events.getLast();
        assertThat(last).isInstanceOfAny(Completed.class, Escalated.class);
    }

    @Property(tries = 500)
    void theGoalIsReachedWhenAndOnlyWhenAHealthyPathExists(@ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        World world = World.of(seed, topology);

        RouteResult result = world.run(false).result();

        boolean doneFeasible = world.feasible("done");
        assertThat(result.status() == RouteResult.Status.COMPLETED).as("completed vs a healthy path exists").isEqualTo(doneFeasible);
        if (!doneFeasible) {
            assertThat(result.status() == RouteResult.Status.DEMOTED).isEqualTo(world.feasible("partial"));
        }
    }

    @Property(tries = 500)
    void thePolicyIsConsultedOnlyWhenNoPathExists(@ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        World world = World.of(seed, topology);

        Run run = world.run(true);

        if (world.feasible("done") || world.feasible("partial")) {
            // a path to the goal, or a ladder step, always exists: no LLM needed
            assertThat(run.policyCalls()).isZero();
        }
        assertThat(run.policyCalls()).isLessThanOrEqualTo(1);
        if (run.policyCalls() == 0 && run.result().status() == RouteResult.Status.DEMOTED) {
            assertThat(run.result().events()).filteredOn(Demoted.class::isInstance)
                    .allMatch(e -> ((Demoted) e).decidedBy() == Demoted.DecidedBy.LADDER);
        }
    }

    @Property(tries = 300)
    void noToolIsCalledTwiceInOneRequestAndNoUnavailableToolIsCalled(
            @ForAll @LongRange(max = 1_000_000) long seed, @ForAll Topology topology) {
        World world = World.of(seed, topology);

        Run run = world.run(false);

        List<String> called = run.tools().calledTools();
        Set<String> failedOnce = new LinkedHashSet<>();
        for (String tool : called) {
            assertThat(failedOnce).as("a tool that failed is not called again in the same request").doesNotContain(tool);
            if (world.failing().contains(tool)) {
                failedOnce.add(tool);
            }
        }
        world.health().forEach((tool, health) -> {
            if (health instanceof ToolHealth.Unavailable) {
                assertThat(called).as("calls to unavailable %s", tool).doesNotContain(tool);
            }
        });
        // each failing tool fails at most once, so at most one reroute resolves it; re-plans after a failure
        // elsewhere in the request (failedStep null, e.g. after a join) resolve nothing and are not counted
        long reroutes = run.result().events().stream()
                .filter(e -> e instanceof Rerouted r && r.failedStep() != null).count();
        assertThat(reroutes).isLessThanOrEqualTo(world.failing().size());
    }
}
