package dev.detour.graphs.scenario;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.LoadedGraph;
import dev.detour.graphs.loader.Names;
import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.graphs.loader.Source;
import dev.detour.graphs.scenario.Expectation.DecidedBy;
import dev.detour.graphs.scenario.Expectation.Outcome;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads scenario files (format: {@code schema/detour-scenario.schema.json}). The graph is either a
 * path relative to the scenario file (or {@code classpath:...}) or an inline graph mapping.
 * Problems name file, line, field and fix, like the graph loader's. Stateless and thread-safe.
 */
public final class ScenarioLoader {

    static final List<String> TOP_KEYS = List.of("name", "description", "category", "graph", "goal", "inputs", "budget", "known-unhealthy", "faults", "expect");
    static final List<String> FAULT_KEYS = List.of("tool", "fail", "category", "side-effects", "latency", "from-call", "for-calls");
    static final List<String> EXPECT_KEYS = List.of("outcome", "goal", "via", "decided-by", "calls", "never");
    private static final Pattern INPUT_REFERENCE = Pattern.compile("\\$\\{input/([^}/]+)");

    private ScenarioLoader() {
    }

    /** Loads a scenario. @throws ConfigException listing every problem */
    public static Scenario load(Source source) {
        NodeReader reader = new NodeReader(source.name());
        Optional<Scenario> scenario = reader.compose(source.read()).flatMap(root -> parse(root, reader, source));
        if (!reader.problems().isEmpty() || scenario.isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return scenario.get();
    }

    private static Optional<Scenario> parse(Node root, NodeReader reader, Source source) {
        Optional<Map<String, Entry>> top = reader.mapping(root, "", TOP_KEYS);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> e = top.get();
        String fallback = source.name().replaceAll(".*[/\\\\:]", "").replaceAll("\\.ya?ml$", "");
        String name = e.containsKey("name") ? reader.string(e.get("name").value(), "name").orElse(fallback) : fallback;
        String description = optional(reader, e.get("description"));
        String category = optional(reader, e.get("category"));
        Optional<LoadedGraph> graph = graph(reader, e.get("graph"), root, source);
        if (graph.isEmpty()) {
            return Optional.empty();
        }
        LoadedGraph g = graph.get();
        String goal = g.graph().goals().iterator().next();
        if (e.containsKey("goal")) {
            Node n = e.get("goal").value();
            goal = reader.string(n, "goal").orElse(goal);
            if (!g.graph().goals().contains(goal)) {
                reader.problem(n, "goal", "'" + goal + "' is not a goal of graph '" + g.graph().name() + "'", "use one of " + g.graph().goals());
            }
        }
        Map<String, Object> inputs = Map.of();
        if (e.containsKey("inputs") && reader.mapping(e.get("inputs").value(), "inputs", null).isPresent()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) Objects.requireNonNull(NodeReader.plain(e.get("inputs").value())); // a mapping
            inputs = plain;
        }
        checkInputs(reader, g, inputs, e.containsKey("inputs") ? e.get("inputs").value() : root);
        Duration budget = e.containsKey("budget") ? duration(reader, e.get("budget").value(), "budget") : null;
        Set<String> tools = g.graph().tools();
        Set<String> unhealthy = new LinkedHashSet<>();
        if (e.containsKey("known-unhealthy")) {
            for (Located t : reader.strings(e.get("known-unhealthy").value(), "known-unhealthy")) {
                if (checkTool(reader, t, "known-unhealthy", tools)) {
                    unhealthy.add(t.value());
                }
            }
        }
        List<Fault> faults = new ArrayList<>();
        if (e.containsKey("faults")) {
            reader.sequence(e.get("faults").value(), "faults").ifPresent(items -> {
                for (int i = 0; i < items.size(); i++) {
                    fault(reader, items.get(i), "faults[" + i + "]", tools).ifPresent(faults::add);
                }
            });
        }
        Expectation expect = null;
        if (!e.containsKey("expect")) {
            reader.problem(root, "expect", "no expected outcome", "add 'expect: {outcome: completed|demoted|escalated, ...}'");
        } else {
            expect = expectation(reader, e.get("expect").value(), g, goal).orElse(null);
        }
        if (expect == null) {
            return Optional.empty();
        }
        return Optional.of(new Scenario(source.name(), name, description, category, g, goal, inputs, budget, unhealthy, faults, expect));
    }

    private static Optional<LoadedGraph> graph(NodeReader reader, @Nullable Entry entry, Node root, Source source) {
        if (entry == null) {
            reader.problem(root, "graph", "no graph", "add 'graph: <path to a graph file>' (relative to this file) or an inline graph mapping");
            return Optional.empty();
        }
        if (entry.value() instanceof ScalarNode) {
            Optional<String> path = reader.string(entry.value(), "graph");
            if (path.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(GraphLoader.load(source.resolve(path.get())));
            } catch (ConfigException ex) {
                reader.problems().addAll(ex.problems());
            } catch (UncheckedIOException ex) {
                reader.problem(entry.value(), "graph", "cannot read graph '" + path.get() + "': " + ex.getMessage(),
                        "give a path relative to this scenario file, or classpath:graphs/... for a bundled graph");
            }
            return Optional.empty();
        }
        return GraphLoader.fromNode(entry.value(), reader, "inline");
    }

    private static Optional<Fault> fault(NodeReader reader, Node item, String field, Set<String> tools) {
        Optional<Map<String, Entry>> m = reader.mapping(item, field, FAULT_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> f = m.get();
        if (!f.containsKey("tool") || !f.containsKey("fail")) {
            reader.problem(item, field, "a fault needs 'tool' and 'fail'", "write e.g. {tool: brave.search, fail: error, category: UPSTREAM_UNAVAILABLE}");
            return Optional.empty();
        }
        Node toolNode = f.get("tool").value();
        Optional<String> tool = reader.string(toolNode, field + ".tool");
        if (tool.isEmpty() || !checkTool(reader, new Located(tool.get(), toolNode), field + ".tool", tools)) {
            return Optional.empty();
        }
        Fault.Kind kind = enumValue(reader, f.get("fail"), Fault.Kind.class).orElse(null);
        ErrorCategory category = f.containsKey("category")
                ? enumValue(reader, f.get("category"), ErrorCategory.class).orElse(null)
                : ErrorCategory.UPSTREAM_UNAVAILABLE;
        SideEffects sideEffects = f.containsKey("side-effects")
                ? enumValue(reader, f.get("side-effects"), SideEffects.class).orElse(null)
                : defaultSideEffects(kind);
        Duration latency = f.containsKey("latency") ? duration(reader, f.get("latency").value(), field + ".latency") : null;
        int from = f.containsKey("from-call") ? reader.integer(f.get("from-call").value(), field + ".from-call").orElse(1) : 1;
        int count = f.containsKey("for-calls") ? reader.integer(f.get("for-calls").value(), field + ".for-calls").orElse(0) : 0;
        if (from < 1) {
            reader.problem(Objects.requireNonNull(f.get("from-call"), "only a given from-call is below 1").value(), field + ".from-call",
                    "calls are counted from 1", "use from-call: 1 or more");
            return Optional.empty();
        }
        if (f.containsKey("for-calls") && count < 1) {
            reader.problem(f.get("for-calls").value(), field + ".for-calls", "for-calls must be at least 1",
                    "omit for-calls to fail every call from from-call on");
            return Optional.empty();
        }
        if (kind == Fault.Kind.LATENCY && latency == null) {
            reader.problem(item, field + ".latency", "a latency fault needs a latency", "add e.g. latency: 20s");
            return Optional.empty();
        }
        if (kind == null || category == null || sideEffects == null) {
            return Optional.empty();
        }
        return Optional.of(new Fault(tool.get(), from, count, kind, category, sideEffects, latency));
    }

    /**
     * An error answered at once says what it did (NONE unless the script says otherwise); a call
     * that ran out of time may have acted before it did, as the router's own classifier assumes of
     * a timeout.
     */
    private static SideEffects defaultSideEffects(Fault.@Nullable Kind kind) {
        return kind == Fault.Kind.TIMEOUT || kind == Fault.Kind.HANG || kind == Fault.Kind.LATENCY ? SideEffects.UNKNOWN : SideEffects.NONE;
    }

    private static Optional<Expectation> expectation(NodeReader reader, Node node, LoadedGraph g, String goal) {
        Optional<Map<String, Entry>> m = reader.mapping(node, "expect", EXPECT_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> f = m.get();
        if (!f.containsKey("outcome")) {
            reader.problem(node, "expect.outcome", "no outcome", "add outcome: completed, demoted or escalated");
            return Optional.empty();
        }
        Optional<Outcome> outcome = enumValue(reader, f.get("outcome"), Outcome.class);
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        String expectedGoal = null;
        Node goalNode = f.containsKey("goal") ? f.get("goal").value() : null;
        if (goalNode != null) {
            expectedGoal = reader.string(goalNode, "expect.goal").orElse(null);
            if (expectedGoal != null && !g.graph().goals().contains(expectedGoal)) {
                reader.problem(goalNode, "expect.goal", "'" + expectedGoal + "' is not a goal of graph '" + g.graph().name() + "'",
                        "use one of " + g.graph().goals());
            }
        }
        switch (outcome.get()) {
            case COMPLETED -> {
                if (expectedGoal != null && !expectedGoal.equals(goal)) {
                    reader.problem(goalNode, "expect.goal", "a completed request reaches the requested goal '" + goal + "'",
                            "use outcome: demoted for a lesser goal, or drop expect.goal");
                }
            }
            case DEMOTED -> {
                if (expectedGoal == null || expectedGoal.equals(goal)) {
                    reader.problem(goalNode == null ? node : goalNode, "expect.goal", "a demotion needs the lesser goal it ends at",
                            "add goal: <one of " + g.graph().goals() + " other than '" + goal + "'>");
                }
            }
            case ESCALATED -> {
                if (expectedGoal != null) {
                    reader.problem(goalNode, "expect.goal", "an escalated request reaches no goal", "drop expect.goal");
                }
            }
        }
        List<String> via = new ArrayList<>();
        if (f.containsKey("via")) {
            for (Located step : reader.strings(f.get("via").value(), "expect.via")) {
                if (g.graph().step(step.value()).isEmpty()) {
                    reader.problem(step.node(), "expect.via", "unknown step '" + step.value() + "'", "name a step of graph '" + g.graph().name() + "'");
                } else {
                    via.add(step.value());
                }
            }
        }
        DecidedBy decidedBy = f.containsKey("decided-by") ? enumValue(reader, f.get("decided-by"), DecidedBy.class).orElse(null) : null;
        Set<String> tools = g.graph().tools();
        Map<String, Integer> calls = new LinkedHashMap<>();
        if (f.containsKey("calls")) {
            reader.mapping(f.get("calls").value(), "expect.calls", null).ifPresent(entries -> entries.values().forEach(entry -> {
                String field = "expect.calls." + entry.key();
                Optional<Integer> n = reader.integer(entry.value(), field);
                if (n.isPresent() && n.get() < 0) {
                    reader.problem(entry.value(), field, "a call count cannot be negative", "give the exact number of calls, 0 or more");
                } else if (n.isPresent() && checkTool(reader, new Located(entry.key(), entry.keyNode()), field, tools)) {
                    calls.put(entry.key(), n.get());
                }
            }));
        }
        List<String> never = new ArrayList<>();
        if (f.containsKey("never")) {
            for (Located tool : reader.strings(f.get("never").value(), "expect.never")) {
                if (!checkTool(reader, tool, "expect.never", tools)) {
                    continue;
                }
                if (calls.getOrDefault(tool.value(), 0) > 0) {
                    reader.problem(tool.node(), "expect.never", "'" + tool.value() + "' is expected " + calls.get(tool.value())
                            + " call(s) under expect.calls and none here", "keep it in one of expect.calls and expect.never");
                }
                String viaStep = via.stream().filter(v -> tool.value().equals(g.graph().step(v).orElseThrow().tool())).findFirst().orElse(null);
                if (viaStep != null) {
                    reader.problem(tool.node(), "expect.never", "expect.via needs step '" + viaStep + "', which calls '" + tool.value() + "'",
                            "drop '" + viaStep + "' from expect.via or '" + tool.value() + "' from expect.never");
                }
                never.add(tool.value());
            }
        }
        return Optional.of(new Expectation(outcome.get(), expectedGoal, via, decidedBy, calls, never));
    }

    /** Every ${input/name...} the graph reads must be given, or the router would escalate with INVALID_ARGUMENTS. */
    private static void checkInputs(NodeReader reader, LoadedGraph g, Map<String, Object> inputs, Node at) {
        Set<String> missing = new LinkedHashSet<>();
        for (var step : g.graph().steps().values()) {
            Matcher m = INPUT_REFERENCE.matcher(String.valueOf(step.arguments().raw()));
            while (m.find()) {
                if (!inputs.containsKey(m.group(1))) {
                    missing.add(m.group(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            reader.problem(at, "inputs", "the graph reads input " + missing + " but the scenario does not give " + (missing.size() == 1 ? "it" : "them"),
                    "add " + String.join(", ", missing.stream().map(k -> k + ": <value>").toList()) + " under inputs");
        }
    }

    private static boolean checkTool(NodeReader reader, Located tool, String field, Set<String> tools) {
        if (tools.contains(tool.value())) {
            return true;
        }
        reader.problem(tool.node(), field, "the graph has no tool '" + tool.value() + "'",
                Names.closest(tool.value(), tools).map(t -> "did you mean '" + t + "'? ").orElse("") + "use one of " + String.join(", ", tools));
        return false;
    }

    private static <E extends Enum<E>> Optional<E> enumValue(NodeReader reader, Entry entry, Class<E> type) {
        Optional<String> raw = reader.string(entry.value(), entry.path());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String normalized = raw.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E c : type.getEnumConstants()) {
            if (c.name().equals(normalized)) {
                return Optional.of(c);
            }
        }
        reader.problem(entry.value(), entry.path(), "'" + raw.get() + "' is not one of the allowed values",
                "use one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        return Optional.empty();
    }

    /** A scenario's durations (its budget, a fault's latency) are positive. */
    private static @Nullable Duration duration(NodeReader reader, Node node, String field) {
        Optional<Duration> d = reader.duration(node, field);
        if (d.isPresent() && !d.get().isPositive()) {
            reader.problem(node, field, "expected a positive duration, found '" + ((ScalarNode) node).getValue() + "'", "write e.g. 500ms, 5s or 2m");
            return null;
        }
        return d.orElse(null);
    }

    private static @Nullable String optional(NodeReader reader, @Nullable Entry entry) {
        return entry == null || NodeReader.isNull(entry.value()) ? null : reader.string(entry.value(), entry.path()).orElse(null);
    }
}
