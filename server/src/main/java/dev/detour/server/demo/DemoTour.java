package dev.detour.server.demo;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.event.StepFailed;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The narrated tour of {@code detour demo}: healthy routing, a single outage (rerouted), a
 * compound outage (demoted by the ladder), a dead end (escalated explicitly), a fan-out that heals
 * one branch, and recovery. Runs embedded, in process, deterministically.
 */
public final class DemoTour {

    private final PrintStream out;
    private final DemoTools tools = new DemoTools();
    private final HealthView health = new HealthView();
    private final RouteJournal journal = new RouteJournal();
    private final AtomicInteger llmCalls = new AtomicInteger();
    private final Router research;
    private final Router prices;
    private int requests;

    public DemoTour(PrintStream out) {
        this.out = out;
        this.research = router(DemoGraphs.research());
        this.prices = router(DemoGraphs.prices());
    }

    private Router router(ToolGraph graph) {
        return Router.builder(graph)
                .invoker(tools)
                .health(health)
                .listener(new EventNarrator(out))
                .listener(journal)
                // stands in for the LLM: counts its calls; consulted only when no path and no ladder step is left
                .escalationPolicy(request -> {
                    llmCalls.incrementAndGet();
                    return CompletableFuture.completedFuture(new EscalationDecision.Escalate("the demo policy hands dead ends to a human"));
                })
                .build();
    }

    /** Plays the tour; returns true when every act ended as the narration says it should. */
    public boolean play() {
        out.println("Detour demo: an embedded router over in-process tools (no server, no LLM key needed).");
        out.println("Graph 'web-research': search (brave 1 | backup 3) -> summarize (fast 1 | slow 2) -> report;");
        out.println("                     demotion ladder report => notified (email the user the sources).");
        out.println();
        boolean ok = true;
        ok &= act("1. Everything healthy: the cheapest path.", research, RouteResult.Status.COMPLETED);
        tools.fail("search@brave");
        ok &= act("2. Outage: search@brave is down. Dijkstra reroutes, no LLM call.", research, RouteResult.Status.COMPLETED);
        tools.fail("summarize@fast");
        tools.fail("summarize@slow");
        ok &= act("3. Compound outage: both summarizers down too. The ladder demotes the goal, no LLM call.", research,
                RouteResult.Status.DEMOTED);
        tools.fail("notify@email");
        ok &= act("4. Dead end: the notifier is down as well. Explicit escalation with a SERF error, never a silent skip.", research,
                RouteResult.Status.ESCALATED);
        tools.fail("price@eu-shop");
        out.println("Graph 'price-lookup': fork -> {eu: shop 1 | cache 2} {us: shop 1 | cache 2} -> join -> compare.");
        ok &= act("5. Fan-out: price@eu-shop is down. Only the EU branch heals; the US branch is untouched.", prices,
                RouteResult.Status.COMPLETED);
        tools.healAll();
        ok &= act("6. Everything heals: requests take the cheapest path again.", research, RouteResult.Status.COMPLETED);
        summary();
        return ok;
    }

    private boolean act(String title, Router router, RouteResult.Status expected) {
        out.println(title);
        requests++;
        RouteResult result = router.route(RouteRequest.to(null, Map.of("topic", "self-healing agents", "sku", "B0-42")));
        if (result.status() == RouteResult.Status.ESCALATED) {
            out.println("    agent receives: " + result.error().toMap());
        }
        boolean asExpected = result.status() == expected;
        if (!asExpected) {
            out.println("    UNEXPECTED: ended " + result.status() + ", the tour expected " + expected);
        }
        out.println();
        return asExpected;
    }

    private void summary() {
        long failed = journal.recent(StepFailed.class).size();
        long reroutes = journal.recent(Rerouted.class).size();
        long demotions = journal.recent(Demoted.class).size();
        long escalations = journal.recent(Escalated.class).size();
        out.printf("Summary: %d requests, %d tool calls, %d failed steps -> %d reroutes, %d demotions, %d escalations; LLM calls: %d.%n",
                requests, tools.calls(), failed, reroutes, demotions, escalations, llmCalls.get());
        out.println("Every failed step ended as a logged reroute, a demotion or an explicit escalation.");
    }

    /** Control-plane LLM calls made during the tour. */
    public int llmCalls() {
        return llmCalls.get();
    }
}
