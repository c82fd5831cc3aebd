package dev.detour.server.config;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.graphs.loader.Source;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code goalTools} section: per tool its description, input schema, graph file (loaded
 * with tool-graphs' {@link GraphLoader}, whose problems are reported against the graph file), the
 * binding of every graph tool to an upstream tool, and the outputs returned to the agent.
 */
final class GoalToolsReader {

    private static final List<String> KEYS = List.of("description", "graph", "inputSchema", "bindings", "outputs");
    private static final List<String> BINDING = List.of("upstream", "tool", "arguments");

    private final NodeReader r;
    private final Source source;
    private final ToolSections tools;
    private final BindingReader bindings;

    /** @param source the config file, against which graph paths resolve */
    GoalToolsReader(NodeReader r, Source source, ToolSections tools, BindingReader bindings) {
        this.r = r;
        this.source = source;
        this.tools = tools;
        this.bindings = bindings;
    }

    /** The well-declared goal tools, in file order; the others are problems. */
    List<GoalToolConfig> read(Entry section) {
        return tools.each(section, this::tool);
    }

    private Optional<GoalToolConfig> tool(Entry t) {
        Optional<Fields> fields = Fields.of(r, t, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        String description = f.required("description", "describe for the agent what the tool achieves").flatMap(d -> f.string("description")).orElse("");
        Map<String, Object> schema = tools.inputSchema(f);
        Optional<Entry> graphEntry = f.required("graph", "give the path of a tool-graphs YAML file, relative to this file");
        Optional<String> graphPath = graphEntry.flatMap(g -> f.string("graph"));
        Optional<ToolGraph> graph = graphPath.flatMap(p -> graph(graphEntry.get(), p));
        Map<String, ProviderBinding> bound = new LinkedHashMap<>();
        Optional<Entry> bindingsEntry = f.required("bindings",
                "bind every tool of the graph to an upstream tool, e.g. bindings: {openai.chat: {upstream: llm, tool: chat}}");
        bindingsEntry.ifPresent(b -> bindings(b, bound));
        List<Located> outputs = f.has("outputs") ? r.strings(f.get("outputs").value(), f.get("outputs").path()) : List.of();
        if (graph.isPresent() && bindingsEntry.isPresent()) {
            checkBindings(bindingsEntry.get(), graph.get());
            checkOutputs(f.get("outputs"), graph.get(), outputs);
        }
        if (r.problems().size() > before || graph.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GoalToolConfig(t.key(), description, graphPath.get(), graph.get(), schema, bound,
                outputs.stream().map(Located::value).toList()));
    }

    private Optional<ToolGraph> graph(Entry at, String path) {
        Source graphSource = source.resolve(path);
        try {
            return Optional.of(GraphLoader.load(graphSource).graph());
        } catch (ConfigException e) {
            r.problem(at.value(), at.path(), "the graph file " + graphSource.name() + " has " + e.problems().size() + " problem(s), listed below",
                    "fix the graph file");
            r.problems().addAll(e.problems());
        } catch (UncheckedIOException e) {
            r.problem(at.value(), at.path(), "cannot read the graph file " + graphSource.name(), "check the path; it is relative to this file");
        }
        return Optional.empty();
    }

    private void bindings(Entry section, Map<String, ProviderBinding> out) {
        r.mapping(section.value(), section.path(), null).ifPresent(entries -> entries.values().forEach(b ->
                Fields.of(r, b.value(), b.path(), b.value(), BINDING).flatMap(bindings::read).ifPresent(binding -> out.put(b.key(), binding))));
    }

    private void checkBindings(Entry section, ToolGraph graph) {
        Map<String, Entry> entries = r.mapping(section.value(), section.path(), null).orElse(Map.of());
        for (Entry b : entries.values()) {
            if (!graph.tools().contains(b.key())) {
                r.problem(b.keyNode(), b.path(), "the graph invokes no tool named '" + b.key() + "'",
                        "bind only the graph's tools: " + String.join(", ", graph.tools()));
            }
        }
        List<String> missing = graph.tools().stream().filter(tool -> !entries.containsKey(tool)).toList();
        if (!missing.isEmpty()) {
            r.problem(section.keyNode(), section.path(), "no binding for the graph's tool(s) " + String.join(", ", missing),
                    "add a binding for each, e.g. " + missing.get(0) + ": {upstream: NAME, tool: TOOL}");
        }
    }

    private void checkOutputs(Entry outputsEntry, ToolGraph graph, List<Located> outputs) {
        Set<String> names = graph.steps().values().stream().filter(Step::invokesTool).map(Step::output)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (Located o : outputs) {
            if (!names.contains(o.value())) {
                r.problem(o.node(), outputsEntry.path(), "no step of the graph produces an output named '" + o.value() + "'",
                        "name outputs of the graph's steps: " + String.join(", ", names));
            }
        }
    }
}
