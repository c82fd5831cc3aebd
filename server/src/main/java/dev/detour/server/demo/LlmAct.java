package dev.detour.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.langchain4j.LlmCall;
import dev.detour.langchain4j.scripted.ScriptedModelServer;
import dev.detour.router.event.Demoted;
import dev.detour.server.mcp.JsonRpc;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Act 4 of the {@link DemoTour}: a dead end only the LLM can resolve. {@code news_digest} has two goals,
 * {@code digest} and {@code headlines}, and no demotion ladder between them; with the summariser down
 * the digest is out of reach, and router-core asks the {@code llm} section's model whether the
 * headlines will do. It answers once; {@value #CACHED_REQUESTS} more requests during the same outage
 * are decided by that cached decision, with no LLM call of their own.
 *
 * <p>The act first waits until the monitors have marked the broken tools unavailable, so that every
 * request sees the same health — the decision cache's key — whatever the timing of the probes.
 */
final class LlmAct {

    /** Requests after the first, during the same outage: what the one LLM call saves. */
    static final int CACHED_REQUESTS = 40;

    /** The tools down in this act (since acts 2 and 3), as the monitors name them. */
    private static final Set<String> DOWN = Set.of("search@search_a", "summarise@summariser");
    private static final String TOPIC = "self-healing agents";

    private final DemoTour tour;
    private final EmbeddedDemo demo;
    private final PrintWriter out;

    LlmAct(DemoTour tour, EmbeddedDemo demo) {
        this.tour = tour;
        this.demo = demo;
        this.out = tour.out();
    }

    void play() {
        out.println("4. A dead end only the LLM can resolve: news_digest has the goals 'digest' and 'headlines' but no demotion ladder.");
        out.println("   With the summariser down no digest can be made; whether the headlines will do is for the LLM to decide.");
        tour.awaitUnavailable(DOWN);
        out.println("    monitors: " + String.join(" and ", DOWN.stream().sorted().toList())
                + " are UNAVAILABLE, so every request of this act sees the same outage");
        JsonNode first = tour.goal("news_digest", "topic", TOPIC);
        boolean escalatedByTheModel = first.path("isError").asBoolean() && !demo.llm().calls().isEmpty()
                && demo.llm().calls().getFirst().outcome() == LlmCall.Outcome.ESCALATE;
        if (escalatedByTheModel && demo.scriptedModel() == null) {
            tour.expectEscalated(first); // a real model may well say "escalate"; that is a decision too
        } else {
            tour.expectGoal(first, "DEMOTED", "headlines");
            tour.journal(first, Demoted.class);
        }
        List<LlmCall> calls = demo.llm().calls();
        calls.forEach(call -> out.println("      LLM call: " + describe(call)));
        if (calls.size() != 1 || !calls.getFirst().outcome().decided()) {
            tour.unexpected("expected one LLM call that decided, got " + calls.stream().map(c -> c.outcome().name()).toList());
            return; // a failed call is not cached: the burst below would call the model each time
        }

        out.println("  > " + CACHED_REQUESTS + " more tools/call news_digest " + JsonRpc.encodeToString(arguments()) + ", during the same outage");
        Map<String, Integer> endings = new TreeMap<>();
        for (int i = 0; i < CACHED_REQUESTS; i++) {
            tour.countCall();
            endings.merge(ending(tour.client().call("news_digest", arguments())), 1, Integer::sum);
        }
        ScriptedModelServer scripted = demo.scriptedModel();
        out.println("    " + endings.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                + ": each decided by the cached decision, no LLM call of its own (LLM calls still " + demo.llm().calls().size()
                + (scripted == null ? "" : "; the model server has answered " + DemoTour.count(scripted.requests(), "request")) + ")");
        out.println("    The decision stays cached while health stays as it is; the next outage asks again.");
        if (!endings.equals(Map.of(ending(first), CACHED_REQUESTS))) {
            tour.unexpected("expected every cached request to end as the first (" + ending(first) + "), got " + endings);
        }
        if (demo.llm().calls().size() != 1 || demo.llm().cachedDecisions() != CACHED_REQUESTS || (scripted != null && scripted.requests() != 1)) {
            tour.unexpected("expected 1 LLM call and " + CACHED_REQUESTS + " cached decisions, got " + demo.llm().calls().size() + " and "
                    + demo.llm().cachedDecisions() + (scripted == null ? "" : " (" + scripted.requests() + " model requests)"));
        }
    }

    private static ObjectNode arguments() {
        return JsonRpc.MAPPER.createObjectNode().put("topic", TOPIC);
    }

    /** How a call ended, in one phrase: {@code DEMOTED at 'headlines'}, or {@code ESCALATED}. */
    private static String ending(JsonNode result) {
        JsonNode structured = result.path("structuredContent");
        return result.path("isError").asBoolean() ? "ESCALATED" : structured.path("status").asText() + " at '" + structured.path("reachedGoal").asText() + "'";
    }

    /** {@code openai-compatible 'model' decided DEMOTE in 31 ms, 474 input + 21 output tokens: "…"}. */
    private static String describe(LlmCall call) {
        String tokens = call.inputTokens() == null ? "" : ", " + call.inputTokens() + " input + " + call.outputTokens() + " output tokens";
        return call.provider() + " '" + call.model() + "' " + (call.outcome().decided() ? "decided " : "failed: ") + call.outcome() + " in "
                + call.latency().toMillis() + " ms" + tokens + ": \"" + call.message() + "\"";
    }
}
