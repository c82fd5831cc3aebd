package dev.detour.router.graph;

import dev.detour.router.internal.CompactDijkstra;
import dev.detour.router.internal.CompactGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated tool graph: steps, transitions with base costs, a start, one or more
 * goals, demotion ladders and fork regions. Health never mutates it; see {@code HealthView}.
 *
 * <p>The JGraphT graph behind it ({@link #model()}) is the reference model: validation, cycle
 * detection and the test oracle use it. Routing runs on a compact form compiled from it.
 */
public final class ToolGraph {

    private final String name;
    private final Map<String, Step> steps;
    private final List<Transition> transitions;
    private final Map<String, List<Transition>> outgoing;
    private final String start;
    private final Set<String> goals;
    private final Map<String, List<String>> demotions;
    private final Map<String, Fork> forks;
    private final Map<String, Fork> forkOfBranch;
    private final Graph<String, DefaultWeightedEdge> model;
    private final CompactGraph compact;
    private final Topology topology;

    private ToolGraph(Builder b, Graph<String, DefaultWeightedEdge> model) {
        this.name = b.name;
        this.steps = Collections.unmodifiableMap(new LinkedHashMap<>(b.steps));
        this.transitions = List.copyOf(b.transitions);
        Map<String, List<Transition>> out = new LinkedHashMap<>();
        for (String id : steps.keySet()) {
            out.put(id, new ArrayList<>());
        }
        for (Transition t : transitions) {
            Objects.requireNonNull(out.get(t.from()), t.from()).add(t);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        this.outgoing = Collections.unmodifiableMap(out);
        this.start = Objects.requireNonNull(b.start, "start"); // validated by build()
        this.goals = Collections.unmodifiableSet(new LinkedHashSet<>(b.goals));
        Map<String, List<String>> ladders = new LinkedHashMap<>();
        b.demotions.forEach((k, v) -> ladders.put(k, List.copyOf(v)));
        this.demotions = Collections.unmodifiableMap(ladders);
        this.forks = Collections.unmodifiableMap(new LinkedHashMap<>(b.forks));
        Map<String, Fork> byBranch = new LinkedHashMap<>();
        for (Fork f : forks.values()) {
            for (String branch : f.branches()) {
                byBranch.put(branch, f);
            }
        }
        this.forkOfBranch = Collections.unmodifiableMap(byBranch);
        this.model = new AsUnmodifiableGraph<>(model);
        this.compact = CompactGraph.compile(this);
        this.topology = classify();
    }

    /** A builder for a graph with the given name (used in logs and metrics). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Every vertex, in declaration order. */
    public Map<String, Step> steps() {
        return steps;
    }

    /** The vertex with this id. */
    public Optional<Step> step(String id) {
        return Optional.ofNullable(steps.get(id));
    }

    public List<Transition> transitions() {
        return transitions;
    }

    /** The transitions out of a vertex, in declaration order. */
    public List<Transition> outgoing(String id) {
        return outgoing.getOrDefault(id, List.of());
    }

    public String start() {
        return start;
    }

    /** The goals, in declaration order; the first is the default goal. */
    public Set<String> goals() {
        return goals;
    }

    /** The lesser goals to fall back to when {@code goal} is infeasible, best first. */
    public List<String> demotionLadder(String goal) {
        return demotions.getOrDefault(goal, List.of());
    }

    /** Fork regions by fork vertex id. */
    public Map<String, Fork> forks() {
        return forks;
    }

    /** The fork region a branch belongs to. */
    public Optional<Fork> forkOfBranch(String branch) {
        return Optional.ofNullable(forkOfBranch.get(branch));
    }

    /** The distinct tools the graph invokes, in declaration order. */
    public Set<String> tools() {
        Set<String> tools = new LinkedHashSet<>();
        steps.values().stream().filter(Step::invokesTool).forEach(s -> tools.add(s.tool()));
        return tools;
    }

    public Topology topology() {
        return topology;
    }

    /** The JGraphT model: vertices are step ids, edge weights are base costs. Unmodifiable. */
    public Graph<String, DefaultWeightedEdge> model() {
        return model;
    }

    /** The compiled routing form. Internal: not part of the API. */
    public CompactGraph compiled() {
        return compact;
    }

    private Topology classify() {
        if (forks.isEmpty()) {
            return Topology.LINEAR;
        }
        // one pass over steps and transitions: per-branch scans are quadratic in the fan-out width
        for (Step s : steps.values()) {
            if (s.branch() != null && !s.invokesTool()) {
                return Topology.DAG; // a nested fork or an inner waypoint
            }
        }
        for (Transition t : transitions) {
            String branch = step(t.from()).orElseThrow().branch();
            if (branch != null && branch.equals(step(t.to()).orElseThrow().branch())) {
                return Topology.DAG; // a multi-step branch
            }
        }
        return forks.size() == 1 ? Topology.FANOUT : Topology.DAG;
    }

    @Override
    public String toString() {
        return "ToolGraph[" + name + ", " + steps.size() + " vertices, " + transitions.size() + " transitions, " + topology + "]";
    }

    /** Builds and validates a {@link ToolGraph}. Not thread-safe; the graph it builds is. */
    public static final class Builder {
        private final String name;
        private final Map<String, Step> steps = new LinkedHashMap<>();
        private final List<Transition> transitions = new ArrayList<>();
        private final Set<String> goals = new LinkedHashSet<>();
        private final Map<String, List<String>> demotions = new LinkedHashMap<>();
        private final Map<String, Fork> forks = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private @Nullable String start;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds a vertex. */
        public Builder step(Step step) {
            Objects.requireNonNull(step, "step");
            if (steps.putIfAbsent(step.id(), step) != null) {
                problems.add("duplicate vertex '" + step.id() + "'");
            }
            return this;
        }

        /** Adds a tool step whose output is named after its id. */
        public Builder tool(String id, String tool, Map<String, ?> arguments, ToolAnnotations annotations) {
            return step(Step.tool(id, tool, arguments, annotations));
        }

        /** Adds a waypoint (a vertex that invokes nothing). */
        public Builder waypoint(String id) {
            return step(Step.waypoint(id));
        }

        /** Declares the start vertex, adding it as a waypoint if it is not declared yet. */
        public Builder start(String id) {
            if (!steps.containsKey(id)) {
                waypoint(id);
            }
            this.start = id;
            return this;
        }

        /** Adds a transition with a base cost (finite, non-negative). */
        public Builder transition(String from, String to, double baseCost) {
            transitions.add(new Transition(from, to, baseCost));
            return this;
        }

        /** Declares a goal; the first declared goal is the default. */
        public Builder goal(String id) {
            goals.add(id);
            return this;
        }

        /** Declares the demotion ladder of a goal: lesser goals, best first. */
        public Builder demotion(String goal, String... lesserGoals) {
            demotions.put(goal, List.of(lesserGoals));
            return this;
        }

        /**
         * Declares a fork region from {@code fork} to {@code join} with the given branches; steps join
         * a branch through {@link Step#branch()}.
         */
        public Builder fork(String fork, String join, String... branches) {
            if (forks.putIfAbsent(fork, new Fork(fork, join, List.of(branches))) != null) {
                problems.add("fork '" + fork + "' is declared twice");
            }
            return this;
        }

        /**
         * Validates and builds the graph.
         *
         * @throws GraphValidationException listing every problem found
         */
        public ToolGraph build() {
            List<String> found = new ArrayList<>(problems);
            Graph<String, DefaultWeightedEdge> model = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
            steps.keySet().forEach(model::addVertex);
            validateVertices(found);
            validateTransitions(found, model);
            validateForks(found);
            validateTemplates(found);
            if (!forks.isEmpty() && found.isEmpty()) {
                CycleDetector<String, DefaultWeightedEdge> cycles = new CycleDetector<>(model);
                if (cycles.detectCycles()) {
                    found.add("cycle through " + new java.util.TreeSet<>(cycles.findCycles())
                            + ": a graph with fork regions must be a DAG");
                }
            }
            if (!found.isEmpty()) {
                throw new GraphValidationException(found);
            }
            ToolGraph graph = new ToolGraph(this, model);
            List<String> unreachable = new ArrayList<>();
            for (String goal : goals) {
                if (!CompactDijkstra.reachableWhenAllHealthy(graph.compiled(), graph.start(), goal)) {
                    unreachable.add("goal '" + goal + "' is unreachable from start '" + start + "' even when every tool is healthy");
                }
            }
            if (!unreachable.isEmpty()) {
                throw new GraphValidationException(unreachable);
            }
            return graph;
        }

        private void validateVertices(List<String> found) {
            if (start == null) {
                found.add("no start vertex declared");
            } else if (Objects.requireNonNull(steps.get(start), start).invokesTool()) {
                found.add("start '" + start + "' must be a waypoint, not a tool step");
            }
            if (goals.isEmpty()) {
                found.add("no goal declared");
            }
            for (String goal : goals) {
                if (!steps.containsKey(goal)) {
                    found.add("goal '" + goal + "' is not a declared vertex");
                }
            }
            demotions.forEach((goal, ladder) -> {
                if (!goals.contains(goal)) {
                    found.add("demotion ladder of '" + goal + "': '" + goal + "' is not a goal");
                }
                for (String lesser : ladder) {
                    if (!goals.contains(lesser)) {
                        found.add("demotion ladder of '" + goal + "': '" + lesser + "' is not a goal");
                    } else if (lesser.equals(goal)) {
                        found.add("demotion ladder of '" + goal + "' lists the goal itself");
                    }
                }
            });
            steps.values().stream()
                    .filter(s -> ArgumentTemplate.INPUT.equals(s.output()))
                    .forEach(s -> found.add("step '" + s.id() + "': output name 'input' is reserved for the request inputs"));
        }

        private void validateTransitions(List<String> found, Graph<String, DefaultWeightedEdge> model) {
            for (Transition t : transitions) {
                String where = "transition " + t.from() + " -> " + t.to();
                boolean known = true;
                if (!steps.containsKey(t.from())) {
                    found.add(where + ": unknown vertex '" + t.from() + "'");
                    known = false;
                }
                if (!steps.containsKey(t.to())) {
                    found.add(where + ": unknown vertex '" + t.to() + "'");
                    known = false;
                }
                if (Double.isNaN(t.baseCost())) {
                    found.add(where + ": cost is NaN");
                } else if (t.baseCost() < 0) {
                    found.add(where + ": cost " + t.baseCost() + " is negative");
                } else if (Double.isInfinite(t.baseCost())) {
                    found.add(where + ": cost must be finite (health, not the graph, makes an edge infinite)");
                }
                if (!known) {
                    continue;
                }
                if (t.from().equals(t.to())) {
                    found.add(where + ": a step cannot transition to itself");
                } else if (model.containsEdge(t.from(), t.to())) {
                    found.add(where + ": declared twice");
                } else {
                    DefaultWeightedEdge e = model.addEdge(t.from(), t.to());
                    model.setEdgeWeight(e, t.baseCost());
                }
            }
        }

        private void validateForks(List<String> found) {
            Map<String, String> branchToFork = new LinkedHashMap<>();
            // lookups prepared once: scanning steps per branch or forks per transition is quadratic at 100k vertices
            Set<String> branchesWithSteps = new HashSet<>();
            steps.values().forEach(s -> branchesWithSteps.add(s.branch()));
            Map<String, Set<String>> branchesOfFork = new HashMap<>();
            Map<String, Fork> forkOfJoin = new HashMap<>();
            for (Fork f : forks.values()) {
                branchesOfFork.put(f.fork(), new HashSet<>(f.branches()));
                forkOfJoin.putIfAbsent(f.join(), f);
            }
            for (Fork f : forks.values()) {
                String where = "fork '" + f.fork() + "'";
                Step fork = steps.get(f.fork());
                Step join = steps.get(f.join());
                if (fork == null) {
                    found.add(where + ": unknown vertex '" + f.fork() + "'");
                } else if (fork.invokesTool()) {
                    found.add(where + ": a fork must be a waypoint");
                }
                if (join == null) {
                    found.add(where + ": unknown join vertex '" + f.join() + "'");
                } else if (join.invokesTool()) {
                    found.add(where + ": join '" + f.join() + "' must be a waypoint");
                } else if (fork != null && !Objects.equals(fork.branch(), join.branch())) {
                    found.add(where + ": fork and join '" + f.join() + "' must lie in the same branch");
                }
                if (f.branches().isEmpty()) {
                    found.add(where + ": declares no branch");
                }
                for (String branch : f.branches()) {
                    String previous = branchToFork.putIfAbsent(branch, f.fork());
                    if (previous != null) {
                        found.add(where + ": branch '" + branch + "' already belongs to fork '" + previous + "'");
                    }
                    if (!branchesWithSteps.contains(branch)) {
                        found.add(where + ": branch '" + branch + "' has no step");
                    }
                }
            }
            for (Step s : steps.values()) {
                if (s.branch() != null && !branchToFork.containsKey(s.branch())) {
                    found.add("step '" + s.id() + "': branch '" + s.branch() + "' belongs to no declared fork");
                }
            }
            for (Transition t : transitions) {
                Step from = steps.get(t.from());
                Step to = steps.get(t.to());
                if (from == null || to == null) {
                    continue;
                }
                String where = "transition " + t.from() + " -> " + t.to();
                Fork fromFork = forks.get(t.from());
                Fork toJoin = forkOfJoin.get(t.to());
                if (fromFork != null) {
                    if (to.branch() == null || !branchesOfFork.getOrDefault(fromFork.fork(), Set.of()).contains(to.branch())) {
                        found.add(where + ": a fork may only lead into its own branches " + fromFork.branches());
                    }
                } else if (toJoin != null && from.branch() != null && branchesOfFork.getOrDefault(toJoin.fork(), Set.of()).contains(from.branch())) {
                    // leaving a branch into its join: fine
                } else if (!Objects.equals(from.branch(), to.branch())) {
                    found.add(where + ": crosses from branch " + describe(from.branch()) + " to branch "
                            + describe(to.branch()) + " outside a fork or join");
                }
            }
        }

        private static String describe(@Nullable String branch) {
            return branch == null ? "(none)" : "'" + branch + "'";
        }

        private void validateTemplates(List<String> found) {
            Set<String> outputs = new LinkedHashSet<>();
            steps.values().stream().filter(Step::invokesTool).forEach(s -> outputs.add(s.output()));
            for (Step s : steps.values()) {
                for (String ref : s.arguments().references()) {
                    if (!outputs.contains(ref)) {
                        found.add("step '" + s.id() + "': argument template references '${" + ref
                                + "}', but no step produces an output named '" + ref + "'");
                    }
                }
            }
        }
    }
}
