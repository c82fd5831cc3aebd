package dev.detour.graphs.loader;

import dev.detour.graphs.loader.GraphFile.DemotionSpec;
import dev.detour.graphs.loader.GraphFile.ForkSpec;
import dev.detour.graphs.loader.GraphFile.StepSpec;
import dev.detour.graphs.loader.GraphFile.TransitionSpec;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.router.graph.ArgumentTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Checks what a {@link GraphFile} means, before router-core sees it, so that every problem can
 * name its line and a fix: unknown steps (with a "did you mean"), negative or non-finite costs,
 * templates that point at nothing, outputs read before any provider of them can have run, cycles,
 * unreachable goals, bad demotion ladders and fork regions.
 */
final class GraphValidator {

    private final NodeReader reader;
    private final GraphFile file;
    private final Set<String> ids;

    GraphValidator(NodeReader reader, GraphFile file) {
        this.reader = reader;
        this.file = file;
        this.ids = file.steps().keySet();
    }

    /** Runs every check; problems go to the reader. */
    void validate() {
        int before = reader.problems().size();
        checkStart();
        checkTransitions();
        checkGoalsAndDemotions();
        checkForks();
        checkTemplates();
        if (reader.problems().size() == before) {
            // these need a well-formed graph to say anything meaningful
            checkCycles();
            checkReachability();
        }
    }

    private void checkStart() {
        Located start = file.start();
        if (start == null) {
            return;
        }
        StepSpec s = file.steps().get(start.value());
        if (s == null) {
            unknown(start, "start");
        } else if (s.invokesTool()) {
            reader.problem(start.node(), "start", "start '" + start.value() + "' invokes a tool; the start must be a waypoint",
                    "add a waypoint (e.g. 'received: {}') and make it the start, with a transition into '" + start.value() + "'");
        }
        for (StepSpec step : file.steps().values()) {
            if (ArgumentTemplate.INPUT.equals(step.output())) {
                reader.problem(step.node(), "steps." + step.id() + ".output", "the output name 'input' is reserved for the request inputs",
                        "choose another output name");
            }
        }
    }

    private void checkTransitions() {
        Set<String> seen = new LinkedHashSet<>();
        for (TransitionSpec t : file.transitions()) {
            boolean known = true;
            if (!ids.contains(t.from().value())) {
                unknown(t.from(), t.field() + ".from");
                known = false;
            }
            if (!ids.contains(t.to().value())) {
                unknown(t.to(), t.field() + ".to");
                known = false;
            }
            double c = t.cost();
            if (Double.isNaN(c) || Double.isInfinite(c)) {
                reader.problem(t.costNode(), t.field() + ".cost", "cost " + c + " is not a finite number",
                        "give a finite cost; an unavailable tool is made infinite by health, never by the graph");
            } else if (c < 0) {
                reader.problem(t.costNode(), t.field() + ".cost", "negative cost " + c + " (Dijkstra needs non-negative costs)",
                        "use a cost of 0 or more in the graph's cost unit");
            }
            if (known && t.from().value().equals(t.to().value())) {
                reader.problem(t.node(), t.field(), "transition from '" + t.from().value() + "' to itself",
                        "remove it: a step is retried by health and rerouting, not by a self-loop");
            } else if (known && !seen.add(t.from().value() + "\u0000" + t.to().value())) {
                reader.problem(t.node(), t.field(), "transition " + t.from().value() + " -> " + t.to().value() + " is declared twice",
                        "keep one of them; alternatives are different steps, not duplicate edges");
            }
        }
    }

    private void checkGoalsAndDemotions() {
        Set<String> goals = new LinkedHashSet<>();
        for (Located g : file.goals()) {
            if (!ids.contains(g.value())) {
                unknown(g, "goals");
            } else if (!goals.add(g.value())) {
                reader.problem(g.node(), "goals", "goal '" + g.value() + "' is listed twice", "list each goal once");
            }
        }
        for (DemotionSpec d : file.demotions().values()) {
            String field = "demotions." + d.goal();
            if (!goals.contains(d.goal())) {
                reader.problem(d.node(), field, "'" + d.goal() + "' has a demotion ladder but is not a goal",
                        "add '" + d.goal() + "' to goals, or remove its ladder");
            }
            for (Located lesser : d.lesser()) {
                if (lesser.value().equals(d.goal())) {
                    reader.problem(lesser.node(), field, "the ladder of '" + d.goal() + "' lists the goal itself", "list only lesser goals");
                } else if (!goals.contains(lesser.value())) {
                    reader.problem(lesser.node(), field, "'" + lesser.value() + "' in the ladder of '" + d.goal() + "' is not a goal",
                            "add '" + lesser.value() + "' to goals"
                                    + Names.closest(lesser.value(), goals).map(s -> ", or did you mean '" + s + "'?").orElse(""));
                }
            }
        }
    }

    private void checkForks() {
        Map<String, String> branchToFork = new LinkedHashMap<>();
        for (ForkSpec f : file.forks()) {
            for (Located vertex : List.of(f.fork(), f.join())) {
                String role = vertex == f.fork() ? "fork" : "join";
                StepSpec s = file.steps().get(vertex.value());
                if (s == null) {
                    unknown(vertex, f.field() + "." + role);
                } else if (s.invokesTool()) {
                    reader.problem(vertex.node(), f.field() + "." + role, "the " + role + " '" + vertex.value() + "' invokes a tool",
                            "make '" + vertex.value() + "' a waypoint (no tool) and put the tool on a step inside or after the region");
                }
            }
            for (Located b : f.branches()) {
                String previous = branchToFork.putIfAbsent(b.value(), f.fork().value());
                if (previous != null) {
                    reader.problem(b.node(), f.field() + ".branches", "branch '" + b.value() + "' already belongs to fork '" + previous + "'",
                            "give each branch a name unique in the graph");
                } else if (file.steps().values().stream().noneMatch(s -> b.value().equals(s.branch()))) {
                    reader.problem(b.node(), f.field() + ".branches", "branch '" + b.value() + "' has no step",
                            "put 'branch: " + b.value() + "' on the steps of this branch");
                }
            }
        }
        for (StepSpec s : file.steps().values()) {
            if (s.branch() != null && !branchToFork.containsKey(s.branch())) {
                reader.problem(s.branchNode(), "steps." + s.id() + ".branch", "branch '" + s.branch() + "' belongs to no declared fork",
                        "declare it under forks[].branches"
                                + Names.closest(s.branch(), branchToFork.keySet()).map(x -> ", or did you mean '" + x + "'?").orElse(""));
            }
        }
    }

    private void checkTemplates() {
        Map<String, List<String>> producers = producers();
        for (StepSpec s : file.steps().values()) {
            if (s.args().isEmpty()) {
                continue;
            }
            Set<String> refs;
            try {
                refs = ArgumentTemplate.of(s.args()).references();
            } catch (IllegalArgumentException e) {
                reader.problem(s.argsNode(), "steps." + s.id() + ".args", "malformed reference: " + e.getMessage(),
                        "write references as ${output} or ${output/json/pointer}");
                continue;
            }
            for (String ref : refs) {
                if (!producers.containsKey(ref)) {
                    reader.problem(s.argsNode(), "steps." + s.id() + ".args", "template '${" + ref + "}' points at nothing: no step has output '" + ref + "'",
                            Names.closest(ref, producers.keySet()).map(x -> "did you mean '${" + x + "}'? ").orElse("")
                                    + "reference an output of an earlier step (" + String.join(", ", producers.keySet()) + ") or ${input/...}");
                }
            }
        }
    }

    private Map<String, List<String>> producers() {
        Map<String, List<String>> producers = new LinkedHashMap<>();
        file.steps().values().stream().filter(StepSpec::invokesTool)
                .forEach(s -> producers.computeIfAbsent(s.output(), k -> new ArrayList<>()).add(s.id()));
        return producers;
    }

    private void checkCycles() {
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        ids.forEach(g::addVertex);
        file.transitions().forEach(t -> g.addEdge(t.from().value(), t.to().value()));
        for (Set<String> component : new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets()) {
            if (component.size() < 2) {
                continue;
            }
            Graph<String, DefaultEdge> sub = new AsSubgraph<>(g, component);
            String first = ids.stream().filter(component::contains).findFirst().orElseThrow(); // file order: a stable report
            TransitionSpec closing = null;
            List<String> cycle = null;
            for (TransitionSpec t : file.transitions()) {
                if (t.to().value().equals(first) && component.contains(t.from().value())) {
                    GraphPath<String, DefaultEdge> back = BFSShortestPath.findPathBetween(sub, first, t.from().value());
                    if (back != null) {
                        closing = t;
                        cycle = new ArrayList<>(back.getVertexList());
                        cycle.add(first);
                        break;
                    }
                }
            }
            if (closing != null) {
                reader.problem(closing.node(), closing.field(), "cycle " + String.join(" -> ", cycle) + ": tool graphs must be acyclic",
                        "remove or redirect one transition of the cycle, e.g. this one (" + closing.from().value() + " -> " + closing.to().value() + ")");
            }
        }
    }

    private void checkReachability() {
        Located start = file.start();
        if (start == null) {
            return; // the parser reported the missing start; nothing is reachable from no start
        }
        ScopedReachability reach = new ScopedReachability(file);
        Set<String> healthy = reach.reachableAvoiding(Set.of());
        for (Located g : file.goals()) {
            if (!healthy.contains(g.value())) {
                reader.problem(g.node(), "goals", "goal '" + g.value() + "' is unreachable from start '" + start.value()
                                + "' even when every tool is healthy",
                        "add transitions that lead from the start to '" + g.value() + "' (a join needs every branch of its fork to reach it)");
            }
        }
        Map<String, List<String>> producers = producers();
        for (StepSpec s : file.steps().values()) {
            if (s.args().isEmpty() || !healthy.contains(s.id())) {
                continue;
            }
            for (String ref : ArgumentTemplate.of(s.args()).references()) {
                List<String> providers = producers.getOrDefault(ref, List.of());
                if (providers.contains(s.id())) {
                    continue;
                }
                Set<String> without = reach.reachableAvoiding(Set.copyOf(providers));
                if (without.contains(s.id())) {
                    reader.problem(s.argsNode(), "steps." + s.id() + ".args", "missing provider: '${" + ref + "}' is produced only by "
                                    + providers.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "))
                                    + ", but a route can reach '" + s.id() + "' without running any of them",
                            "route every path into '" + s.id() + "' through a step with output '" + ref
                                    + "', or read an output that is always produced before it");
                }
            }
        }
    }

    private void unknown(Located ref, String field) {
        String suggestion = Names.closest(ref.value(), ids).map(s -> "did you mean '" + s + "'? ").orElse("");
        reader.problem(ref.node(), field, "unknown step '" + ref.value() + "'",
                suggestion + "declare '" + ref.value() + "' under steps, or use one of: " + String.join(", ", ids));
    }
}
