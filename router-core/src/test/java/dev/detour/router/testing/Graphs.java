package dev.detour.router.testing;

import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import java.util.Map;

/** Small hand-written graphs for the three topologies, shared by tests across modules. */
public final class Graphs {

    private Graphs() {
    }

    /**
     * start → search (search@brave 1 | search@backup 3) → summarize (summarize@fast 1 | summarize@slow 2) → done;
     * ladder done → notify (notify@email after search).
     */
    public static ToolGraph linearWithAlternatives() {
        return ToolGraph.builder("linear")
                .start("start")
                .step(readOnly("brave", "search@brave", "search", Map.of("q", "${input/topic}")))
                .step(readOnly("backup", "search@backup", "search", Map.of("q", "${input/topic}")))
                .step(readOnly("fast", "summarize@fast", "summary", Map.of("text", "${search}")))
                .step(readOnly("slow", "summarize@slow", "summary", Map.of("text", "${search}")))
                .step(readOnly("notify", "notify@email", "notice", Map.of("text", "search done")))
                .waypoint("done")
                .waypoint("notified")
                .transition("start", "brave", 1)
                .transition("start", "backup", 3)
                .transition("brave", "fast", 1)
                .transition("brave", "slow", 2)
                .transition("backup", "fast", 1)
                .transition("backup", "slow", 2)
                .transition("fast", "done", 0)
                .transition("slow", "done", 0)
                .transition("brave", "notify", 1)
                .transition("backup", "notify", 1)
                .transition("notify", "notified", 0)
                .goal("done")
                .goal("notified")
                .demotion("done", "notified")
                .build();
    }

    /** start → fork → {eu: price@eu-a 1 | price@eu-b 2} {us: price@us-a 1 | price@us-b 2} → join → compare@main → done. */
    public static ToolGraph fanOut() {
        return ToolGraph.builder("fanout")
                .start("start")
                .waypoint("fork")
                .waypoint("join")
                .step(readOnly("eu-a", "price@eu-a", "eu", Map.of()).inBranch("eu"))
                .step(readOnly("eu-b", "price@eu-b", "eu", Map.of()).inBranch("eu"))
                .step(readOnly("us-a", "price@us-a", "us", Map.of()).inBranch("us"))
                .step(readOnly("us-b", "price@us-b", "us", Map.of()).inBranch("us"))
                .step(readOnly("compare", "compare@main", "best", Map.of("eu", "${eu}", "us", "${us}")))
                .waypoint("done")
                .fork("fork", "join", "eu", "us")
                .transition("start", "fork", 0)
                .transition("fork", "eu-a", 1)
                .transition("fork", "eu-b", 2)
                .transition("fork", "us-a", 1)
                .transition("fork", "us-b", 2)
                .transition("eu-a", "join", 0)
                .transition("eu-b", "join", 0)
                .transition("us-a", "join", 0)
                .transition("us-b", "join", 0)
                .transition("join", "compare", 1)
                .transition("compare", "done", 0)
                .goal("done")
                .build();
    }

    /** Two goals with no ladder between them: start → a@1 → full, start → b@1 → partial. */
    public static ToolGraph twoGoals() {
        return ToolGraph.builder("two-goals")
                .start("start")
                .step(readOnly("a", "a@1", "a", Map.of()))
                .step(readOnly("b", "b@1", "b", Map.of()))
                .waypoint("full")
                .waypoint("partial")
                .transition("start", "a", 1).transition("a", "full", 0)
                .transition("start", "b", 1).transition("b", "partial", 0)
                .goal("full").goal("partial")
                .build();
    }

    /** A read-only step with an output name and arguments. */
    public static Step readOnly(String id, String tool, String output, Map<String, ?> args) {
        return Step.tool(id, tool, args, ToolAnnotations.READ_ONLY).withOutput(output);
    }
}
