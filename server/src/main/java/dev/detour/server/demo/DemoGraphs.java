package dev.detour.server.demo;

import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import java.util.Map;

/** The graphs the embedded demo routes over. */
public final class DemoGraphs {

    private DemoGraphs() {
    }

    /**
     * Web research, a linear pipeline: search (brave, cost 1 | backup, cost 3) → summarize (fast 1 |
     * slow 2) → report; when no summary is possible the ladder demotes to "notify the user".
     */
    public static ToolGraph research() {
        return ToolGraph.builder("web-research")
                .start("start")
                .step(readOnly("search-brave", "search@brave", "search", Map.of("query", "${input/topic}")))
                .step(readOnly("search-backup", "search@backup", "search", Map.of("query", "${input/topic}")))
                .step(readOnly("summarize-fast", "summarize@fast", "summary", Map.of("sources", "${search/hits}")))
                .step(readOnly("summarize-slow", "summarize@slow", "summary", Map.of("sources", "${search/hits}")))
                .step(Step.tool("notify-user", "notify@email", Map.of("text", "Found ${search/hits/0}; no summary available."),
                        ToolAnnotations.IDEMPOTENT).withOutput("notice"))
                .waypoint("report")
                .waypoint("notified")
                .transition("start", "search-brave", 1)
                .transition("start", "search-backup", 3)
                .transition("search-brave", "summarize-fast", 1)
                .transition("search-brave", "summarize-slow", 2)
                .transition("search-backup", "summarize-fast", 1)
                .transition("search-backup", "summarize-slow", 2)
                .transition("summarize-fast", "report", 0)
                .transition("summarize-slow", "report", 0)
                .transition("search-brave", "notify-user", 1)
                .transition("search-backup", "notify-user", 1)
                .transition("notify-user", "notified", 0)
                .goal("report")
                .goal("notified")
                .demotion("report", "notified")
                .build();
    }

    /** Price lookup, a parallel fan-out: EU and US prices (two providers each) joined, then compared. */
    public static ToolGraph prices() {
        return ToolGraph.builder("price-lookup")
                .start("start")
                .waypoint("fork")
                .waypoint("join")
                .step(readOnly("eu-shop", "price@eu-shop", "eu", Map.of("sku", "${input/sku}")).inBranch("eu"))
                .step(readOnly("eu-cache", "price@eu-cache", "eu", Map.of("sku", "${input/sku}")).inBranch("eu"))
                .step(readOnly("us-shop", "price@us-shop", "us", Map.of("sku", "${input/sku}")).inBranch("us"))
                .step(readOnly("us-cache", "price@us-cache", "us", Map.of("sku", "${input/sku}")).inBranch("us"))
                .step(readOnly("compare", "compare@local", "best", Map.of("eu", "${eu/eur}", "us", "${us/eur}")))
                .waypoint("done")
                .fork("fork", "join", "eu", "us")
                .transition("start", "fork", 0)
                .transition("fork", "eu-shop", 1)
                .transition("fork", "eu-cache", 2)
                .transition("fork", "us-shop", 1)
                .transition("fork", "us-cache", 2)
                .transition("eu-shop", "join", 0)
                .transition("eu-cache", "join", 0)
                .transition("us-shop", "join", 0)
                .transition("us-cache", "join", 0)
                .transition("join", "compare", 1)
                .transition("compare", "done", 0)
                .goal("done")
                .build();
    }

    private static Step readOnly(String id, String tool, String output, Map<String, ?> args) {
        return Step.tool(id, tool, args, ToolAnnotations.READ_ONLY).withOutput(output);
    }
}
