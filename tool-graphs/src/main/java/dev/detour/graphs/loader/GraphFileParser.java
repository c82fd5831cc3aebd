package dev.detour.graphs.loader;

import dev.detour.graphs.loader.GraphFile.DemotionSpec;
import dev.detour.graphs.loader.GraphFile.ForkSpec;
import dev.detour.graphs.loader.GraphFile.StepSpec;
import dev.detour.graphs.loader.GraphFile.TransitionSpec;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.router.graph.ToolAnnotations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns a YAML node tree into a {@link GraphFile}: shapes and types only (the validator checks
 * what the parts mean). Every problem goes to the {@link NodeReader}.
 */
final class GraphFileParser {

    static final List<String> TOP_KEYS = List.of("name", "description", "cost-unit", "start", "steps", "transitions", "goals", "demotions", "forks");
    static final List<String> STEP_KEYS = List.of("tool", "output", "args", "annotations", "branch", "description");
    static final List<String> ANNOTATION_KEYS = List.of("readOnly", "idempotent", "destructive");
    static final List<String> TRANSITION_KEYS = List.of("from", "to", "cost");
    static final List<String> FORK_KEYS = List.of("fork", "join", "branches");

    private final NodeReader reader;

    GraphFileParser(NodeReader reader) {
        this.reader = reader;
    }

    /** The graph file, or empty when its shape is too broken to go on. */
    Optional<GraphFile> parse(Node root, String fallbackName) {
        Optional<Map<String, Entry>> top = reader.mapping(root, "", TOP_KEYS);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> e = top.get();
        String name = e.containsKey("name") ? reader.string(e.get("name").value(), "name").orElse(fallbackName) : fallbackName;
        String description = optionalString(e.get("description"));
        String costUnit = optionalString(e.get("cost-unit"));
        Located start = null;
        if (!e.containsKey("start")) {
            reader.problem(root, "start", "no start vertex declared", "add 'start: <waypoint id>' naming the vertex every route begins at");
        } else {
            Node n = e.get("start").value();
            start = reader.string(n, "start").map(v -> new Located(v, n)).orElse(null);
        }
        Map<String, StepSpec> steps = new LinkedHashMap<>();
        if (!e.containsKey("steps")) {
            reader.problem(root, "steps", "no steps declared", "add a 'steps:' mapping of vertex ids to tool steps or waypoints");
        } else {
            reader.mapping(e.get("steps").value(), "steps", null)
                    .ifPresent(m -> m.values().forEach(s -> step(s).ifPresent(spec -> steps.put(spec.id(), spec))));
        }
        List<TransitionSpec> transitions = new ArrayList<>();
        if (e.containsKey("transitions")) {
            reader.sequence(e.get("transitions").value(), "transitions").ifPresent(items -> {
                for (int i = 0; i < items.size(); i++) {
                    transition(i, items.get(i)).ifPresent(transitions::add);
                }
            });
        } else {
            reader.problem(root, "transitions", "no transitions declared", "add a 'transitions:' list of {from, to, cost} edges");
        }
        List<Located> goals = List.of();
        if (e.containsKey("goals")) {
            goals = reader.strings(e.get("goals").value(), "goals");
        } else {
            reader.problem(root, "goals", "no goal declared", "add 'goals: [<vertex id>, ...]', best goal first");
        }
        Map<String, DemotionSpec> demotions = new LinkedHashMap<>();
        if (e.containsKey("demotions")) {
            reader.mapping(e.get("demotions").value(), "demotions", null).ifPresent(m -> m.values().forEach(d ->
                    demotions.put(d.key(), new DemotionSpec(d.key(), d.keyNode(), reader.strings(d.value(), d.path())))));
        }
        List<ForkSpec> forks = new ArrayList<>();
        if (e.containsKey("forks")) {
            reader.sequence(e.get("forks").value(), "forks").ifPresent(items -> {
                for (int i = 0; i < items.size(); i++) {
                    fork(i, items.get(i)).ifPresent(forks::add);
                }
            });
        }
        return Optional.of(new GraphFile(reader.file(), name, description, costUnit, start, steps, transitions, goals, demotions, forks));
    }

    private @Nullable String optionalString(@Nullable Entry entry) {
        return entry == null || NodeReader.isNull(entry.value()) ? null : reader.string(entry.value(), entry.path()).orElse(null);
    }

    private Optional<StepSpec> step(Entry s) {
        String id = s.key();
        if (NodeReader.isNull(s.value())) {
            return Optional.of(new StepSpec(id, s.keyNode(), null, id, Map.of(), null, ToolAnnotations.READ_ONLY, null, null, null));
        }
        Optional<Map<String, Entry>> fields = reader.mapping(s.value(), s.path(), STEP_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> f = fields.get();
        String tool = null;
        if (f.containsKey("tool")) {
            Entry t = f.get("tool");
            if (NodeReader.isNull(t.value())) {
                reader.problem(t.keyNode(), t.path(), "step '" + id + "' declares 'tool' without a provider",
                        "name the tool that performs this step (e.g. tool: search@brave), or remove 'tool' to make '" + id + "' a waypoint");
            } else {
                tool = reader.string(t.value(), t.path()).orElse(null);
            }
        }
        String output = f.containsKey("output") ? reader.string(f.get("output").value(), f.get("output").path()).orElse(id) : id;
        Map<String, Object> args = Map.of();
        Node argsNode = null;
        if (f.containsKey("args")) {
            argsNode = f.get("args").value();
            if (reader.mapping(argsNode, f.get("args").path(), null).isPresent()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) Objects.requireNonNull(NodeReader.plain(argsNode)); // a mapping
                args = plain;
            }
        }
        ToolAnnotations annotations = tool == null ? ToolAnnotations.READ_ONLY : ToolAnnotations.UNKNOWN;
        if (f.containsKey("annotations")) {
            annotations = annotations(f.get("annotations"));
        }
        String branch = null;
        Node branchNode = null;
        if (f.containsKey("branch")) {
            branchNode = f.get("branch").value();
            branch = reader.string(branchNode, f.get("branch").path()).orElse(null);
        }
        if (tool == null && f.containsKey("args") && !f.containsKey("tool")) {
            reader.problem(f.get("args").keyNode(), f.get("args").path(), "step '" + id + "' has arguments but no tool to pass them to",
                    "add 'tool: <tool name>' to step '" + id + "', or remove its 'args' if it is a waypoint");
        }
        String description = optionalString(f.get("description"));
        return Optional.of(new StepSpec(id, s.keyNode(), tool, output, args, argsNode, annotations, branch, branchNode, description));
    }

    private ToolAnnotations annotations(Entry a) {
        Optional<Map<String, Entry>> m = reader.mapping(a.value(), a.path(), ANNOTATION_KEYS);
        ToolAnnotations unknown = ToolAnnotations.UNKNOWN;
        if (m.isEmpty()) {
            return unknown;
        }
        Map<String, Entry> f = m.get();
        boolean readOnly = flag(f.get("readOnly"), unknown.readOnly());
        // MCP: idempotentHint and destructiveHint are meaningful only when readOnlyHint is false
        boolean idempotent = readOnly || flag(f.get("idempotent"), unknown.idempotent());
        boolean destructive = !readOnly && flag(f.get("destructive"), unknown.destructive());
        return new ToolAnnotations(readOnly, idempotent, destructive);
    }

    private boolean flag(@Nullable Entry e, boolean fallback) {
        return e == null ? fallback : reader.bool(e.value(), e.path()).orElse(fallback);
    }

    private Optional<TransitionSpec> transition(int index, Node item) {
        String field = "transitions[" + index + "]";
        Optional<Map<String, Entry>> m = reader.mapping(item, field, TRANSITION_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> f = m.get();
        Located from = required(f, "from", item, field, "name the vertex this edge leaves");
        Located to = required(f, "to", item, field, "name the vertex this edge enters");
        Double cost = null;
        Node costNode = null;
        if (f.containsKey("cost")) {
            costNode = f.get("cost").value();
            cost = reader.number(costNode, field + ".cost").orElse(null);
        } else {
            reader.problem(item, field + ".cost", "transition has no cost", "add 'cost: <non-negative number>' in the graph's cost unit");
        }
        if (from == null || to == null || cost == null) {
            return Optional.empty();
        }
        return Optional.of(new TransitionSpec(index, item, from, to, cost, Objects.requireNonNull(costNode, "read with cost")));
    }

    private @Nullable Located required(Map<String, Entry> f, String key, Node item, String field, String fix) {
        if (!f.containsKey(key)) {
            reader.problem(item, field + "." + key, "missing '" + key + "'", fix);
            return null;
        }
        Node n = f.get(key).value();
        return reader.string(n, field + "." + key).map(v -> new Located(v, n)).orElse(null);
    }

    private Optional<ForkSpec> fork(int index, Node item) {
        String field = "forks[" + index + "]";
        Optional<Map<String, Entry>> m = reader.mapping(item, field, FORK_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> f = m.get();
        Located fork = required(f, "fork", item, field, "name the waypoint where the branches start");
        Located join = required(f, "join", item, field, "name the waypoint where the branches meet");
        List<Located> branches = List.of();
        if (f.containsKey("branches")) {
            branches = reader.strings(f.get("branches").value(), field + ".branches");
        } else {
            reader.problem(item, field + ".branches", "fork declares no branches", "list the branch names, e.g. branches: [web, papers]");
        }
        if (fork == null || join == null) {
            return Optional.empty();
        }
        return Optional.of(new ForkSpec(index, item, fork, join, branches));
    }
}
