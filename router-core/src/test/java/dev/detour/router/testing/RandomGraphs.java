package dev.detour.router.testing;

import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random tool graphs of the three topologies, small enough for property tests (at most 30
 * tools). Costs include zero. Every graph has the goal {@code done} and a lesser goal {@code
 * partial} on the demotion ladder, reached through its own steps.
 */
public final class RandomGraphs {

    private static final double[] COSTS = {0, 0, 0.5, 1, 1, 2, 3, 5};

    private static final ToolAnnotations EFFECTFUL = new ToolAnnotations(false, false, false);

    private final Random random;
    /** Decides annotations on its own stream, so a graph with effects has the shape of the same seed's graph without. */
    private final Random effects;
    private final boolean withEffects;
    private final ToolGraph.Builder b;
    private int steps;
    private int toolCount;

    private RandomGraphs(long seed, Topology topology, boolean withEffects) {
        this.random = new Random(seed);
        this.effects = new Random(seed ^ 0x5DEECE66DL);
        this.withEffects = withEffects;
        this.b = ToolGraph.builder(topology.name().toLowerCase() + "-" + seed);
    }

    /** A random graph of the given topology; the same seed always gives the same graph. */
    public static ToolGraph generate(long seed, Topology topology) {
        return generate(seed, topology, false);
    }

    /**
     * Like {@link #generate(long, Topology)}; with {@code withEffects} about a third of the steps call
     * tools that are neither read-only nor idempotent.
     */
    public static ToolGraph generate(long seed, Topology topology, boolean withEffects) {
        RandomGraphs g = new RandomGraphs(seed, topology, withEffects);
        return switch (topology) {
            case LINEAR -> g.linear();
            case FANOUT -> g.fanOut();
            case DAG -> g.dag();
        };
    }

    private ToolGraph linear() {
        b.start("start").waypoint("done");
        List<String> last = chain(List.of("start"), 2 + random.nextInt(4), null, "stage");
        connectAll(last, "done");
        return withPartialGoal();
    }

    private ToolGraph fanOut() {
        b.start("start").waypoint("fork").waypoint("join").waypoint("done");
        b.transition("start", "fork", cost());
        int branches = 2 + random.nextInt(3);
        String[] names = new String[branches];
        for (int i = 0; i < branches; i++) {
            names[i] = "b" + i;
            List<String> alts = layer(names[i], 1 + random.nextInt(3), names[i]);
            alts.forEach(a -> b.transition("fork", a, cost()));
            connectAll(alts, "join");
        }
        b.fork("fork", "join", names);
        List<String> last = chain(List.of("join"), 1, null, "after");
        connectAll(last, "done");
        return withPartialGoal();
    }

    private ToolGraph dag() {
        b.start("start").waypoint("fork").waypoint("join").waypoint("done");
        List<String> first = chain(List.of("start"), 1, null, "pre");
        connectAll(first, "fork");
        int branches = 2 + random.nextInt(2);
        String[] names = new String[branches];
        for (int i = 0; i < branches; i++) {
            names[i] = "d" + i;
            List<String> last = chain(List.of("fork"), 1 + random.nextInt(3), names[i], names[i]);
            connectAll(last, "join");
        }
        b.fork("fork", "join", names);
        List<String> last = chain(List.of("join"), 1, null, "post");
        connectAll(last, "done");
        return withPartialGoal();
    }

    /** Adds goal "partial" reachable from start through its own steps, on done's ladder. */
    private ToolGraph withPartialGoal() {
        b.waypoint("partial");
        List<String> last = chain(List.of("start"), 1, null, "fallback");
        connectAll(last, "partial");
        return b.goal("done").goal("partial").demotion("done", "partial").build();
    }

    /** Layers of alternatives after {@code from}; every vertex links to at least one in the next layer. */
    private List<String> chain(List<String> from, int layers, String branch, String prefix) {
        List<String> previous = from;
        for (int l = 0; l < layers; l++) {
            List<String> current = layer(prefix + l, 1 + random.nextInt(3), branch);
            for (String p : previous) {
                boolean linked = false;
                for (String c : current) {
                    if (random.nextInt(3) > 0) {
                        b.transition(p, c, cost());
                        linked = true;
                    }
                }
                if (!linked) {
                    b.transition(p, current.get(random.nextInt(current.size())), cost());
                }
            }
            previous = current;
        }
        return previous;
    }

    private List<String> layer(String output, int width, String branch) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            String id = "s" + steps++;
            // now and then two steps share a tool, so one failure takes out both
            String tool = toolCount > 0 && random.nextInt(8) == 0 ? "tool" + random.nextInt(toolCount) : "tool" + toolCount++;
            ToolAnnotations annotations = withEffects && effects.nextInt(3) == 0 ? EFFECTFUL : ToolAnnotations.READ_ONLY;
            Step step = Step.tool(id, tool, Map.of(), annotations).withOutput(output);
            b.step(branch == null ? step : step.inBranch(branch));
            ids.add(id);
        }
        return ids;
    }

    private void connectAll(List<String> from, String to) {
        from.forEach(f -> b.transition(f, to, cost()));
    }

    private double cost() {
        return COSTS[random.nextInt(COSTS.length)];
    }
}
