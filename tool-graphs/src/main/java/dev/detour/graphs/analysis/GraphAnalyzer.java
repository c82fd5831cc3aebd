package dev.detour.graphs.analysis;

import dev.detour.graphs.analysis.DeadEnd.Coverage;
import dev.detour.router.graph.Fork;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Transition;
import dev.detour.router.health.HealthView;
import dev.detour.router.route.ShortestPathRouter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.EdmondsKarpMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.jspecify.annotations.Nullable;

/**
 * Pre-deployment risk analysis of a {@link ToolGraph}: for each goal, the minimum number of tool
 * failures that make it infeasible, its single points of failure, and which minimal dead ends the
 * demotion ladder covers, which go to the escalation policy and which end in escalation.
 *
 * <p>How the minimum is found: a max-flow minimum vertex cut (JGraphT's Edmonds–Karp on the graph
 * with every step split into an in- and an out-vertex of capacity 1, waypoints and edges of
 * "infinite" capacity). A fork region needs every branch, so it becomes one split vertex whose
 * capacity is the smallest cut of any of its branches, computed the same way inside the branch.
 * The cut counts <em>steps</em>; a tool behind several steps fails all of them at once, so the
 * tool count can be lower. The cut's tools are an upper bound and a witness; smaller tool sets are
 * then checked exhaustively against the router's own feasibility (its Dijkstra with those tools
 * unavailable), which is exact for forks and shared tools alike. Stateless and thread-safe.
 */
public final class GraphAnalyzer {

    /** Dead ends are listed up to the goal's minimum plus one failure, but never beyond this many tools. */
    public static final int DEFAULT_MAX_DEAD_END_SIZE = 3;

    /** Capacity standing in for "cannot be cut": larger than any graph's number of steps. */
    private static final double UNCUTTABLE = 1_000_000;

    private final int maxDeadEndSize;

    public GraphAnalyzer() {
        this(DEFAULT_MAX_DEAD_END_SIZE);
    }

    /** @param maxDeadEndSize the largest dead-end set listed (at least 1) */
    public GraphAnalyzer(int maxDeadEndSize) {
        if (maxDeadEndSize < 1) {
            throw new IllegalArgumentException("maxDeadEndSize must be at least 1, was " + maxDeadEndSize);
        }
        this.maxDeadEndSize = maxDeadEndSize;
    }

    /** Analyses every goal of the graph. */
    public GraphRisk analyze(ToolGraph graph) {
        Feasibility feasibility = new Feasibility(graph);
        List<GoalRisk> goals = new ArrayList<>();
        for (String goal : graph.goals()) {
            goals.add(analyzeGoal(graph, feasibility, goal));
        }
        return new GraphRisk(graph.name(), graph.topology(), List.copyOf(graph.tools()), goals);
    }

    private GoalRisk analyzeGoal(ToolGraph graph, Feasibility feasibility, String goal) {
        List<String> tools = new ArrayList<>(graph.tools());
        Cut flowCut = new FlowCut(graph).minCut(null, graph.start(), goal);
        OptionalInt min = OptionalInt.empty();
        List<String> example = List.of();
        if (flowCut != null) {
            Set<String> witness = new TreeSet<>(flowCut.tools());
            example = List.copyOf(witness);
            for (int k = 1; k < witness.size() && example.size() == witness.size(); k++) {
                for (Set<String> candidate : subsets(tools, k)) {
                    if (!feasibility.reachable(goal, candidate)) {
                        example = List.copyOf(new TreeSet<>(candidate));
                        break;
                    }
                }
            }
            min = OptionalInt.of(example.size());
        }
        List<String> spofs = tools.stream().filter(t -> !feasibility.reachable(goal, Set.of(t))).sorted().toList();
        List<DeadEnd> deadEnds = new ArrayList<>();
        if (min.isPresent()) {
            int limit = Math.min(maxDeadEndSize, min.getAsInt() + 1);
            List<Set<String>> minimal = new ArrayList<>();
            for (int k = 1; k <= limit; k++) {
                for (Set<String> candidate : subsets(tools, k)) {
                    if (minimal.stream().noneMatch(candidate::containsAll) && !feasibility.reachable(goal, candidate)) {
                        minimal.add(candidate);
                        deadEnds.add(coverage(graph, feasibility, goal, candidate));
                    }
                }
            }
        }
        return new GoalRisk(goal, min, flowCut == null ? 0 : flowCut.steps(), example, spofs, deadEnds);
    }

    private static DeadEnd coverage(ToolGraph graph, Feasibility feasibility, String goal, Set<String> failed) {
        List<String> sorted = List.copyOf(new TreeSet<>(failed));
        for (String lesser : graph.demotionLadder(goal)) {
            if (feasibility.reachable(lesser, failed)) {
                return new DeadEnd(sorted, Coverage.LADDER, lesser, List.of());
            }
        }
        List<String> others = graph.goals().stream()
                .filter(g -> !g.equals(goal) && !graph.demotionLadder(goal).contains(g) && feasibility.reachable(g, failed))
                .toList();
        return others.isEmpty() ? new DeadEnd(sorted, Coverage.ESCALATION, null, List.of()) : new DeadEnd(sorted, Coverage.POLICY, null, others);
    }

    /** Every k-subset of {@code items}, in lexicographic order of positions. */
    private static List<Set<String>> subsets(List<String> items, int k) {
        List<Set<String>> out = new ArrayList<>();
        int n = items.size();
        if (k > n) {
            return out;
        }
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        while (true) {
            Set<String> s = new LinkedHashSet<>();
            for (int i : idx) {
                s.add(items.get(i));
            }
            out.add(s);
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            idx[i]++;
            for (int j = i + 1; j < k; j++) {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }

    /** Exact feasibility: router-core's own Dijkstra with the failed tools unavailable. */
    private static final class Feasibility {
        private final ToolGraph graph;
        private final ShortestPathRouter router;

        Feasibility(ToolGraph graph) {
            this.graph = graph;
            this.router = new ShortestPathRouter(graph, new HealthView());
        }

        boolean reachable(String goal, Set<String> failedTools) {
            return router.route(graph.start(), goal, null, failedTools).isPresent();
        }
    }

    /** A minimum step cut: how many steps, and their tools. */
    private record Cut(int steps, Set<String> tools) {
    }

    /** The max-flow minimum vertex cut, scope by scope (a fork region is one vertex of its enclosing scope). */
    private static final class FlowCut {
        private final ToolGraph graph;

        FlowCut(ToolGraph graph) {
            this.graph = graph;
        }

        /** The minimum cut between source and target inside {@code branch} (null: the top scope), or null when uncuttable. */
        @Nullable Cut minCut(@Nullable String branch, String source, String target) {
            Graph<String, DefaultWeightedEdge> net = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
            List<Fork> regions = new ArrayList<>();
            List<@Nullable Cut> regionCuts = new ArrayList<>();
            for (Step s : graph.steps().values()) {
                String id = s.id();
                boolean inScope = Objects.equals(s.branch(), branch) || id.equals(source) || id.equals(target);
                if (!inScope) {
                    continue;
                }
                boolean cuttable = s.invokesTool() && !id.equals(source) && !id.equals(target);
                edge(net, in(id), out(id), cuttable ? 1 : UNCUTTABLE);
                Fork fork = graph.forks().get(id);
                if (fork != null && Objects.equals(s.branch(), branch)) {
                    Cut region = regionCut(fork);
                    regions.add(fork);
                    regionCuts.add(region);
                    String r = "region:" + id;
                    edge(net, out(id), in(r), UNCUTTABLE);
                    edge(net, in(r), out(r), region == null ? UNCUTTABLE : region.steps());
                    edge(net, out(r), in(fork.join()), UNCUTTABLE);
                }
            }
            for (Transition t : graph.transitions()) {
                Step from = graph.step(t.from()).orElseThrow();
                Step to = graph.step(t.to()).orElseThrow();
                boolean fromIn = Objects.equals(from.branch(), branch) || t.from().equals(source);
                boolean toIn = Objects.equals(to.branch(), branch) || t.to().equals(target);
                boolean forkOfThisScope = graph.forks().containsKey(t.from()) && Objects.equals(from.branch(), branch);
                if (fromIn && toIn && !forkOfThisScope && net.containsVertex(out(t.from())) && net.containsVertex(in(t.to()))) {
                    edge(net, out(t.from()), in(t.to()), UNCUTTABLE);
                }
            }
            EdmondsKarpMFImpl<String, DefaultWeightedEdge> flow = new EdmondsKarpMFImpl<>(net);
            double value = flow.calculateMinCut(out(source), in(target));
            if (value >= UNCUTTABLE) {
                return null;
            }
            Set<String> tools = new LinkedHashSet<>();
            for (DefaultWeightedEdge e : flow.getCutEdges()) {
                String from = net.getEdgeSource(e);
                if (from.startsWith("in:region:")) {
                    String forkId = from.substring("in:region:".length());
                    Cut region = regionCuts.get(regions.indexOf(graph.forks().get(forkId)));
                    tools.addAll(Objects.requireNonNull(region, "a region without a cut is uncuttable").tools());
                } else {
                    graph.step(from.substring("in:".length())).filter(Step::invokesTool).ifPresent(s -> tools.add(s.invokedTool()));
                }
            }
            return new Cut((int) Math.round(value), Collections.unmodifiableSet(tools));
        }

        private @Nullable Cut regionCut(Fork fork) {
            @Nullable Cut best = null;
            for (String b : fork.branches()) {
                Cut c = minCut(b, fork.fork(), fork.join());
                if (c != null && (best == null || c.steps() < best.steps())) {
                    best = c;
                }
            }
            return best;
        }

        private static String in(String id) {
            return "in:" + id;
        }

        private static String out(String id) {
            return "out:" + id;
        }

        private static void edge(Graph<String, DefaultWeightedEdge> net, String from, String to, double capacity) {
            net.addVertex(from);
            net.addVertex(to);
            DefaultWeightedEdge e = net.addEdge(from, to);
            if (e != null) {
                net.setEdgeWeight(e, capacity);
            }
        }
    }
}
