package dev.detour.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.graphs.trace.RouteLines;
import dev.detour.router.event.Demoted;
import dev.detour.router.event.Escalated;
import dev.detour.router.event.Rerouted;
import dev.detour.router.event.RouteEvent;
import dev.detour.router.event.RouteJournal;
import dev.detour.router.event.StepFailed;
import dev.detour.router.health.ToolHealth;
import dev.detour.server.heal.CallToolResults;
import dev.detour.server.mcp.JsonRpc;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The narrated tour of {@code detour demo}: an MCP client over real HTTP against a running
 * {@link EmbeddedDemo}, in six acts — a call (and the goal tools), an injected outage (rerouted, no
 * LLM), a compound outage (demoted by a ladder, no LLM), a dead end only the LLM can resolve (one LLM
 * call, then many requests decided by its cached decision: {@link LlmAct}), no search left (escalated
 * with a SERF error), and healing (traffic returns to the cheaper provider). Each act checks that it
 * ended as narrated; the route events shown come from Detour's route journal and the results' {@code _meta}.
 */
public final class DemoTour {

    /** How long the healing act waits for the monitors to clear every verdict: 5 s, ~20 probe rounds. */
    public static final Duration HEALING_WAIT = Duration.ofSeconds(5);

    private final EmbeddedDemo demo;
    private final PrintWriter out;
    private final TourClient client;
    private final List<String> unexpected = new ArrayList<>();
    private int calls;

    /** A tour of {@code demo}, narrated to {@code out}. */
    public DemoTour(EmbeddedDemo demo, PrintWriter out) {
        this.demo = demo;
        this.out = out;
        this.client = new TourClient(demo.url());
    }

    /**
     * Plays the tour; true when every act ended as narrated.
     *
     * @throws IllegalStateException when Detour does not answer one of the tour's requests
     */
    public boolean play() {
        client.initialize();
        List<String> tools = new ArrayList<>();
        client.request("tools/list", JsonRpc.MAPPER.createObjectNode()).path("tools").forEach(t -> tools.add(t.path("name").asText()));
        out.println("The tour: an MCP client session on " + demo.url() + "; tools/list shows " + tools + ".");
        out.println();

        out.println("1. A call. Everything is healthy: each tool takes its cheapest provider.");
        expectProvider(webSearch("self-healing agents"), "search@search_a", 0);
        expectGoal(goal("research", "topic", "self-healing agents"), "COMPLETED", "report", "search_a");
        expectGoal(goal("trip_brief", "city", "Berlin"), "COMPLETED", "brief");
        expectGoal(goal("city_snapshot", "city", "Berlin"), "COMPLETED", "snapshot");
        out.println();

        out.println("2. Injected outage: search_a is down (HTTP 503), geo_a answers every call with an error.");
        inject("search_a", Fault.DOWN);
        inject("geo_a", Fault.ERRORING);
        List<String> heard = new ArrayList<>();
        JsonNode rerouted = callWithProgress("web_search", JsonRpc.MAPPER.createObjectNode().put("query", "self-healing agents"), heard);
        if (heard.stream().noneMatch(line -> line.startsWith("rerouted from"))) {
            unexpected.add("the progress notifications of the rerouted call do not tell the reroute: " + heard);
        }
        expectProvider(rerouted, "search@search_b", 1);
        journal(rerouted, Rerouted.class);
        JsonNode snapshot = goal("city_snapshot", "city", "Berlin");
        expectGoal(snapshot, "COMPLETED", "snapshot");
        expectReroutes(snapshot, 2);
        out.println();

        out.println("3. Compound outage: the summariser goes down too.");
        inject("summariser", Fault.DOWN);
        JsonNode demoted = goal("research", "topic", "self-healing agents");
        expectGoal(demoted, "DEMOTED", "sources");
        demoted.path("structuredContent").path("route").path("steps").forEach(step -> {
            if (step.has("error")) {
                out.println("      SERF of failed step " + step.path("step").asText() + ": " + JsonRpc.encodeToString(step.path("error")));
            }
        });
        journal(demoted, Demoted.class);
        out.println();

        new LlmAct(this, demo).play();
        out.println();

        out.println("5. No search left: search_b goes down too.");
        inject("search_b", Fault.DOWN);
        JsonNode escalated = webSearch("self-healing agents");
        expectEscalated(escalated);
        journal(escalated, Escalated.class);
        out.println();

        out.println("6. Healing: every upstream is back; once the probes agree, traffic returns to the cheaper providers.");
        demo.upstreams().healAll();
        out.println("    fault: every upstream -> healthy");
        awaitHealthy();
        expectProvider(webSearch("self-healing agents"), "search@search_a", 0);
        expectGoal(goal("research", "topic", "self-healing agents"), "COMPLETED", "report", "search_a");
        out.println();

        summary();
        unexpected.forEach(u -> out.println("UNEXPECTED: " + u));
        return unexpected.isEmpty();
    }

    void inject(String upstream, Fault fault) {
        demo.upstreams().inject(upstream, fault);
        out.println("    fault: " + upstream + " -> " + fault.wireName());
    }

    private JsonNode webSearch(String query) {
        return call("web_search", JsonRpc.MAPPER.createObjectNode().put("query", query));
    }

    JsonNode goal(String tool, String argument, String value) {
        return call(tool, JsonRpc.MAPPER.createObjectNode().put(argument, value));
    }

    private JsonNode call(String tool, ObjectNode arguments) {
        calls++;
        out.println("  > tools/call " + tool + " " + JsonRpc.encodeToString(arguments));
        return client.call(tool, arguments);
    }

    /** A call that sends a {@code progressToken}: Detour's progress lines, printed and kept in {@code heard}, then the result. */
    private JsonNode callWithProgress(String tool, ObjectNode arguments, List<String> heard) {
        calls++;
        out.println("  > tools/call " + tool + " " + JsonRpc.encodeToString(arguments) + "   (with a progressToken: Detour narrates the call)");
        JsonNode result = client.call(tool, arguments, heard::add);
        heard.forEach(line -> out.println("    progress: " + line));
        return result;
    }

    private static JsonNode route(JsonNode result) {
        return result.path("_meta").path(CallToolResults.ROUTE_META);
    }

    private void expectProvider(JsonNode result, String provider, int reroutes) {
        JsonNode route = route(result);
        out.println("    answered by " + route.path("provider").asText() + ", reroutes " + route.path("reroutes").size()
                + ": \"" + result.path("content").path(0).path("text").asText() + "\"");
        route.path("failed").forEach(f -> out.println("      _meta failed: " + f.path("provider").asText() + " " + f.path("category").asText()
                + ", sideEffects " + f.path("sideEffects").asText()));
        if (result.path("isError").asBoolean() || !provider.equals(route.path("provider").asText()) || route.path("reroutes").size() != reroutes) {
            unexpected.add("web_search should have been answered by " + provider + " after " + reroutes + " reroutes, got " + route);
        }
    }

    void expectGoal(JsonNode result, String status, String reachedGoal) {
        expectGoal(result, status, reachedGoal, null);
    }

    /** As {@link #expectGoal(JsonNode, String, String)}, and the route went through step {@code via} when not null. */
    private void expectGoal(JsonNode result, String status, String reachedGoal, String via) {
        JsonNode structured = result.path("structuredContent");
        JsonNode route = structured.path("route");
        out.println("    " + structured.path("status").asText() + ": " + result.path("content").path(0).path("text").asText());
        out.println("      trail " + String.join(" -> ", texts(route.path("trail"))));
        route.path("reroutes").forEach(r -> out.println("      rerouted after " + r.path("failedStep").asText() + " from "
                + r.path("from").asText() + ": " + String.join(" -> ", texts(r.path("newPath"))) + " [" + r.path("cause").asText() + "]"));
        if (!status.equals(structured.path("status").asText()) || !reachedGoal.equals(structured.path("reachedGoal").asText())) {
            unexpected.add("expected " + status + " at '" + reachedGoal + "', got " + structured.path("status").asText() + " at '"
                    + structured.path("reachedGoal").asText() + "'");
        }
        if (via != null && !texts(route.path("trail")).contains(via)) {
            unexpected.add("expected the route of '" + structured.path("goal").asText() + "' through " + via + ", got " + route.path("trail"));
        }
    }

    private void expectReroutes(JsonNode result, int reroutes) {
        int seen = result.path("structuredContent").path("route").path("reroutes").size();
        if (seen != reroutes) {
            unexpected.add("expected " + reroutes + " reroutes, saw " + seen);
        }
    }

    void expectEscalated(JsonNode result) {
        JsonNode serf = result.path("structuredContent");
        out.println("    isError " + result.path("isError").asBoolean() + ": \"" + result.path("content").path(0).path("text").asText() + "\"");
        out.println("      SERF structuredContent: " + JsonRpc.encodeToString(serf));
        if (!result.path("isError").asBoolean() || !serf.has("category") || !serf.has("action")) {
            unexpected.add("expected an isError result with a SERF object, got " + result);
        }
    }

    /** Prints the route journal's events of {@code type} for the call that answered {@code result}. */
    <E extends RouteEvent> void journal(JsonNode result, Class<E> type) {
        String traceId = route(result).path("traceId").asText(result.path("structuredContent").path("route").path("traceId").asText());
        List<E> events = demo.sidecar().journal().recent(type).stream().filter(e -> e.traceId().equals(traceId)).toList();
        events.forEach(e -> out.println("      journal: " + RouteLines.journal(e)));
        if (events.isEmpty()) {
            unexpected.add("the route journal has no " + type.getSimpleName() + " event for trace " + traceId);
        }
    }

    /** Waits, bounded by {@link #HEALING_WAIT}, until no routed tool is marked unavailable by a monitor. */
    private void awaitHealthy() {
        Set<String> routed = demo.sidecar().config().routedTools();
        awaitHealth(() -> unhealthy(routed).isEmpty(), () -> "still marked down after " + HEALING_WAIT.toSeconds() + " s: " + unhealthy(routed));
    }

    /** Waits, bounded by {@link #HEALING_WAIT}, until the monitors have marked every one of {@code tools} unavailable. */
    void awaitUnavailable(Set<String> tools) {
        awaitHealth(() -> unhealthy(tools).equals(tools), () -> "not yet marked down after " + HEALING_WAIT.toSeconds() + " s: "
                + tools.stream().filter(t -> !unhealthy(tools).contains(t)).sorted().toList());
    }

    /** Waits, bounded by {@link #HEALING_WAIT}, for a health change after which {@code reached} holds; else notes {@code otherwise}. */
    private void awaitHealth(BooleanSupplier reached, Supplier<String> otherwise) {
        CountDownLatch done = new CountDownLatch(1);
        demo.sidecar().health().onChange(change -> {
            if (reached.getAsBoolean()) {
                done.countDown();
            }
        });
        try {
            if (!reached.getAsBoolean() && !done.await(HEALING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                unexpected.add(otherwise.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unexpected.add("interrupted while waiting for the monitors");
        }
    }

    /** Notes that an act did not end as narrated. */
    void unexpected(String what) {
        unexpected.add(what);
    }

    /** The tour's MCP client, for acts that make calls without narrating each ({@link #countCall()} them). */
    TourClient client() {
        return client;
    }

    /** Counts one MCP call made outside {@link #call}, for the summary. */
    void countCall() {
        calls++;
    }

    /** Where the tour is narrated. */
    PrintWriter out() {
        return out;
    }

    private Set<String> unhealthy(Set<String> tools) {
        return tools.stream().filter(t -> demo.sidecar().health().health(t) instanceof ToolHealth.Unavailable).collect(Collectors.toSet());
    }

    private void summary() {
        RouteJournal journal = demo.sidecar().journal();
        List<Demoted> demotions = journal.recent(Demoted.class);
        long byTheLlm = demotions.stream().filter(d -> d.decidedBy() == Demoted.DecidedBy.POLICY).count();
        out.printf("Summary: %s, %s, %s -> %s, %s (%d decided by the LLM), %s; LLM calls: %d (%s decided by cached decisions).%n",
                count(calls, "MCP call"), count(demo.upstreams().toolCalls(), "upstream tool call"),
                count(journal.recent(StepFailed.class).size(), "failed step"), count(journal.recent(Rerouted.class).size(), "reroute"),
                count(demotions.size(), "demotion"), byTheLlm, count(journal.recent(Escalated.class).size(), "escalation"),
                demo.llm().calls().size(), count(demo.llm().cachedDecisions(), "request"));
        out.println("Every failed step ended as a reroute, a demotion or an explicit escalation with a SERF error, never a silent skip.");
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
