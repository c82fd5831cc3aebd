package dev.detour.bench.graphs;

import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Seeded random {@link ToolGraph}s of a requested size in each of the three topologies, for the
 * routing benchmarks and the tests that compare the compact router with JGraphT.
 *
 * <p>Every graph is made of <em>stages</em>: 2–3 alternative tool steps (one tool each) doing the
 * same job, every alternative of one stage connected to every alternative of the next, plus an
 * occasional skip edge over a stage, so Dijkstra has real choices at every step. Costs are whole
 * numbers of milliseconds (so path sums are exact in {@code double}); a few edges cost zero, the
 * case where {@code base × ∞} would turn into NaN.
 *
 * <ul>
 *   <li>{@link Topology#LINEAR}: start, one long pipeline of stages, goal.</li>
 *   <li>{@link Topology#FANOUT}: a short pipeline, one fork region holding almost every vertex in
 *       many branches of 2–3 alternative single steps, a short pipeline to the goal.</li>
 *   <li>{@link Topology#DAG}: pipeline segments alternating with fork regions of 3–6 multi-step
 *       branches, some branches holding a nested fork region.</li>
 * </ul>
 *
 * The same (topology, vertices, seed) always yields the same graph.
 */
public final class GeneratedGraphs {

    /** Fewest alternative tool steps per stage. */
    public static final int MIN_ALTERNATIVES = 2;

    /** Most alternative tool steps per stage. */
    public static final int MAX_ALTERNATIVES = 3;

    /** Chance that a stage gets one extra edge skipping over it. */
    public static final double SKIP_EDGE_PROBABILITY = 0.15;

    /** Chance that an edge costs zero. */
    public static final double ZERO_COST_PROBABILITY = 0.05;

    /** Largest base cost of an edge, in milliseconds (the smallest non-zero one is 1 ms). */
    public static final int MAX_COST_MILLIS = 99;

    /** Vertices in each of the two pipelines around the fan-out region. */
    static final int FANOUT_PIPELINE_VERTICES = 12;

    /** Vertices in each pipeline segment between two fork regions of a DAG. */
    static final int DAG_SEGMENT_VERTICES = 8;

    /** Fork regions of a DAG nest at most this deep (1 = no nesting). */
    static final int DAG_MAX_DEPTH = 2;

    /** Chance that a DAG branch holds a nested fork region, while depth allows it. */
    static final double DAG_NESTING_PROBABILITY = 0.3;

    /** The start vertex of every generated graph. */
    public static final String START = "start";

    /** The goal vertex of every generated graph. */
    public static final String GOAL = "goal";

    private GeneratedGraphs() {
    }

    /**
     * A graph of at least {@code vertices} vertices (and at most 5 % more) in {@code topology}.
     *
     * @param vertices at least 20
     * @throws IllegalArgumentException when {@code vertices} is too small for the topology
     */
    public static ToolGraph generate(Topology topology, int vertices, long seed) {
        Objects.requireNonNull(topology, "topology");
        if (vertices < 20) {
            throw new IllegalArgumentException("vertices must be at least 20, was " + vertices);
        }
        Emitter emitter = new Emitter(topology.name().toLowerCase(Locale.ROOT) + "-" + vertices + "-" + seed, new Random(seed));
        switch (topology) {
            case LINEAR -> emitter.linear(vertices);
            case FANOUT -> emitter.fanout(vertices);
            case DAG -> emitter.dag(vertices);
        }
        ToolGraph graph = emitter.builder.build();
        if (graph.topology() != topology) {
            throw new IllegalStateException("generated " + graph + " while asked for " + topology);
        }
        return graph;
    }

    /** Writes steps and transitions into one builder, counting vertices. */
    private static final class Emitter {
        final ToolGraph.Builder builder;
        final Random random;
        int vertices;
        int stages;
        int forks;

        Emitter(String name, Random random) {
            this.builder = ToolGraph.builder(name);
            this.random = random;
        }

        void linear(int target) {
            begin();
            chain(START, GOAL, null, target - vertices - 1);
            end();
        }

        void fanout(int target) {
            begin();
            String fork = waypoint("fork", null);
            String join = waypoint("join", null);
            chain(START, fork, null, FANOUT_PIPELINE_VERTICES);
            int regionBudget = target - vertices - FANOUT_PIPELINE_VERTICES - 1;
            List<String> branches = new ArrayList<>();
            for (int used = 0; used < regionBudget; ) {
                String branch = "b" + branches.size();
                branches.add(branch);
                for (String alternative : stage(branch)) {
                    builder.transition(fork, alternative, cost());
                    builder.transition(alternative, join, cost());
                    used++;
                }
            }
            builder.fork(fork, join, branches.toArray(String[]::new));
            chain(join, GOAL, null, FANOUT_PIPELINE_VERTICES);
            end();
        }

        void dag(int target) {
            begin();
            String from = START;
            while (vertices < target - 2 * DAG_SEGMENT_VERTICES) {
                String fork = waypoint("f" + forks, null);
                chain(from, fork, null, DAG_SEGMENT_VERTICES);
                from = region(fork, null, 1);
            }
            chain(from, GOAL, null, Math.max(1, target - vertices - 1));
            end();
        }

        private void begin() {
            builder.start(START);
            vertices++;
        }

        private void end() {
            builder.waypoint(GOAL).goal(GOAL);
            vertices++;
        }

        /** A fork region starting at {@code fork} (already declared) in {@code branch}; returns its join. */
        private String region(String fork, String branch, int depth) {
            String join = waypoint("j" + forks++, branch);
            int width = 3 + random.nextInt(4);
            String[] branches = new String[width];
            for (int w = 0; w < width; w++) {
                String inner = fork + "b" + w;
                branches[w] = inner;
                int stagesBefore = 1 + random.nextInt(2);
                if (depth < DAG_MAX_DEPTH && random.nextDouble() < DAG_NESTING_PROBABILITY) {
                    String nestedFork = waypoint("f" + forks, inner);
                    chain(fork, nestedFork, inner, stagesBefore * MAX_ALTERNATIVES);
                    String nestedJoin = region(nestedFork, inner, depth + 1);
                    chain(nestedJoin, join, inner, MAX_ALTERNATIVES);
                } else {
                    chain(fork, join, inner, (stagesBefore + 1) * MAX_ALTERNATIVES);
                }
            }
            builder.fork(fork, join, branches);
            return join;
        }

        /**
         * Stages from {@code from} to {@code to} in {@code branch} until at least {@code budget}
         * vertices (and at least one stage) are emitted.
         */
        private void chain(String from, String to, String branch, int budget) {
            List<String> beforePrevious = null;
            List<String> previous = List.of(from);
            int start = vertices;
            do {
                List<String> current = stage(branch);
                for (String p : previous) {
                    for (String c : current) {
                        builder.transition(p, c, cost());
                    }
                }
                if (beforePrevious != null && random.nextDouble() < SKIP_EDGE_PROBABILITY) {
                    builder.transition(pick(beforePrevious), pick(current), cost() + cost());
                }
                beforePrevious = previous;
                previous = current;
            } while (vertices - start < budget);
            for (String p : previous) {
                builder.transition(p, to, cost());
            }
        }

        /** One stage: 2–3 alternative tool steps sharing an output name. */
        private List<String> stage(String branch) {
            int id = stages++;
            int count = MIN_ALTERNATIVES + random.nextInt(MAX_ALTERNATIVES - MIN_ALTERNATIVES + 1);
            List<String> ids = new ArrayList<>(count);
            for (int a = 0; a < count; a++) {
                String step = "s" + id + "a" + a;
                builder.step(new Step(step, "tool-" + id + "-" + a, "s" + id, ArgumentTemplate.EMPTY,
                        ToolAnnotations.READ_ONLY, branch));
                vertices++;
                ids.add(step);
            }
            return ids;
        }

        private String waypoint(String id, String branch) {
            builder.step(Step.waypoint(id).inBranch(branch));
            vertices++;
            return id;
        }

        private String pick(List<String> ids) {
            return ids.get(random.nextInt(ids.size()));
        }

        private double cost() {
            return random.nextDouble() < ZERO_COST_PROBABILITY ? 0.0 : 1 + random.nextInt(MAX_COST_MILLIS);
        }
    }
}
