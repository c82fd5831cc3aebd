package dev.detour.graphs.paper;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.Source;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.graph.ToolGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A pre-coded workflow, the way a careful author writes one in LangGraph: a fixed sequence of
 * nodes, each with a retry policy, a per-call timeout, the fallback its author anticipated, output
 * validation where the author wrote a validator, and — for steps the author judged optional —
 * "continue without it". No health view, no recomputation. Read from {@code paper/static/<graph>.yaml}.
 *
 * @param graph     the graph whose steps it calls
 * @param goal      the goal it reports as reached when it runs to the end
 * @param timeout   the per-call timeout
 * @param attempts  calls per step before giving up on it (first call included)
 * @param retryOn   error categories that are retried
 * @param nodes     the nodes, in execution order
 */
public record StaticWorkflow(String graph, String goal, Duration timeout, int attempts, Set<ErrorCategory> retryOn, List<WorkflowNode> nodes) {

    static final List<String> TOP_KEYS = List.of("graph", "goal", "timeout-seconds", "retry", "nodes");
    static final List<String> RETRY_KEYS = List.of("attempts", "on");
    static final List<String> NODE_KEYS = List.of("step", "fallback", "validate", "on-failure");

    public StaticWorkflow {
        retryOn = Set.copyOf(retryOn);
        nodes = List.copyOf(nodes);
    }

    /**
     * One node of the workflow.
     *
     * @param step               the graph step it calls
     * @param fallback           the anticipated alternative, or {@code null}
     * @param validate           whether the author validates the step's output
     * @param continueOnFailure  whether the author lets the workflow continue without the step
     */
    public record WorkflowNode(String step, @Nullable String fallback, boolean validate, boolean continueOnFailure) {
    }

    /** The bundled workflow written for a graph. @throws ConfigException when it is malformed or names unknown steps */
    public static StaticWorkflow forGraph(ToolGraph graph) {
        Source source = Source.classpath("paper/static/" + graph.name() + ".yaml");
        NodeReader reader = new NodeReader(source.name());
        Optional<StaticWorkflow> wf = reader.compose(source.read()).flatMap(root -> parse(reader, root, graph));
        if (!reader.problems().isEmpty() || wf.isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return wf.get();
    }

    private static Optional<StaticWorkflow> parse(NodeReader reader, Node root, ToolGraph graph) {
        Optional<Map<String, Entry>> top = reader.mapping(root, "", TOP_KEYS);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entry> e = top.get();
        for (String required : List.of("goal", "timeout-seconds", "retry", "nodes")) {
            if (!e.containsKey(required)) {
                reader.problem(root, required, "missing '" + required + "'", "add '" + required + "' (see the other workflows in paper/static/)");
            }
        }
        if (!reader.problems().isEmpty()) {
            return Optional.empty();
        }
        String goal = reader.string(required(e, "goal"), "goal").orElse(null);
        if (goal == null) {
            return Optional.empty(); // reported by string()
        }
        int timeoutSeconds = reader.integer(required(e, "timeout-seconds"), "timeout-seconds").orElse(30);
        Map<String, Entry> retry = reader.mapping(required(e, "retry"), "retry", RETRY_KEYS).orElse(Map.of());
        int attempts = retry.containsKey("attempts") ? reader.integer(retry.get("attempts").value(), "retry.attempts").orElse(1) : 1;
        Set<ErrorCategory> retryOn = EnumSet.noneOf(ErrorCategory.class);
        if (retry.containsKey("on")) {
            for (NodeReader.Located c : reader.strings(retry.get("on").value(), "retry.on")) {
                try {
                    retryOn.add(ErrorCategory.valueOf(c.value()));
                } catch (IllegalArgumentException ex) {
                    reader.problem(c.node(), "retry.on", "'" + c.value() + "' is not a SERF category", "use one of " + List.of(ErrorCategory.values()));
                }
            }
        }
        List<WorkflowNode> nodes = new ArrayList<>();
        reader.sequence(required(e, "nodes"), "nodes").ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                String field = "nodes[" + i + "]";
                Map<String, Entry> n = reader.mapping(items.get(i), field, NODE_KEYS).orElse(Map.of());
                String step = step(reader, n.get("step"), graph);
                String fallback = n.containsKey("fallback") ? step(reader, n.get("fallback"), graph) : null;
                boolean validate = n.containsKey("validate") && reader.bool(n.get("validate").value(), field + ".validate").orElse(false);
                boolean cont = false;
                if (n.containsKey("on-failure")) {
                    String onFailure = reader.string(n.get("on-failure").value(), field + ".on-failure").orElse("raise");
                    if (!List.of("raise", "continue").contains(onFailure)) {
                        reader.problem(n.get("on-failure").value(), field + ".on-failure", "'" + onFailure + "' is not raise or continue",
                                "use on-failure: raise (the default) or continue");
                    }
                    cont = onFailure.equals("continue");
                }
                if (step != null) {
                    nodes.add(new WorkflowNode(step, fallback, validate, cont));
                }
            }
        });
        return Optional.of(new StaticWorkflow(graph.name(), goal, Duration.ofSeconds(timeoutSeconds), attempts, retryOn, nodes));
    }

    /** The value of a key {@link #parse} has checked is present. */
    private static Node required(Map<String, Entry> entries, String key) {
        return Objects.requireNonNull(entries.get(key), key).value();
    }

    private static @Nullable String step(NodeReader reader, @Nullable Entry entry, ToolGraph graph) {
        if (entry == null) {
            return null;
        }
        String id = reader.string(entry.value(), entry.path()).orElse(null);
        if (id != null && graph.step(id).filter(s -> s.invokesTool()).isEmpty()) {
            reader.problem(entry.value(), entry.path(), "'" + id + "' is not a tool step of graph '" + graph.name() + "'", "name a tool step");
            return null;
        }
        return id;
    }
}
