package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code logicalTools} section: per tool its description, input schema, MCP annotations
 * and the providers that serve it.
 */
final class LogicalToolsReader {

    private static final List<String> KEYS = List.of("description", "inputSchema", "annotations", "providers");
    private static final List<String> HINTS = List.of("title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");
    private static final List<String> PROVIDER = List.of("upstream", "tool", "arguments", "cost");

    private final NodeReader r;
    private final ToolSections tools;
    private final BindingReader bindings;

    LogicalToolsReader(NodeReader r, ToolSections tools, BindingReader bindings) {
        this.r = r;
        this.tools = tools;
        this.bindings = bindings;
    }

    /** The well-declared logical tools, in file order; the others are problems. */
    List<LogicalToolConfig> read(Entry section) {
        return tools.each(section, this::tool);
    }

    private Optional<LogicalToolConfig> tool(Entry t) {
        Optional<Fields> fields = Fields.of(r, t, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        String description = f.required("description", "describe for the agent what the tool does").flatMap(d -> f.string("description")).orElse("");
        Map<String, Object> schema = tools.inputSchema(f);
        ToolHints hints = f.has("annotations") ? hints(f.get("annotations")) : ToolHints.NONE;
        List<LogicalToolConfig.Provider> providers = new ArrayList<>();
        f.required("providers", "list the upstream tools that serve it, e.g. providers: [{upstream: search, tool: web_search}]")
                .ifPresent(p -> providers(p, providers));
        if (r.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new LogicalToolConfig(t.key(), description, schema, hints, providers));
    }

    private void providers(Entry section, List<LogicalToolConfig.Provider> out) {
        r.sequence(section.value(), section.path()).ifPresent(items -> {
            // LogicalToolConfig rejects this too; checked here so it is reported with the tool's other problems
            if (items.isEmpty()) {
                r.problem(section.value(), section.path(), "no provider is listed", "list at least one upstream tool that serves this tool");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = section.path() + "[" + i + "]";
                Fields.of(r, item, path, item, PROVIDER).ifPresent(f -> provider(item, f, seen, out));
            }
        });
    }

    private void provider(Node item, Fields f, Set<String> seen, List<LogicalToolConfig.Provider> out) {
        Optional<ProviderBinding> binding = bindings.read(f);
        double cost = f.number("cost").flatMap(v -> f.build(() -> LogicalToolConfig.Provider.requireCost(v),
                "give the provider's relative cost as a number ≥ 0, e.g. cost: 100")).orElse(LogicalToolConfig.Provider.DEFAULT_COST);
        if (binding.isEmpty()) {
            return;
        }
        if (!seen.add(binding.get().routerToolId())) {
            r.problem(item, f.path(), "provider " + binding.get().tool() + " at upstream " + binding.get().upstream() + " is listed twice",
                    "list each upstream tool once per logical tool");
        } else {
            out.add(new LogicalToolConfig.Provider(binding.get(), cost));
        }
    }

    private ToolHints hints(Entry e) {
        Optional<Fields> fields = Fields.of(r, e, HINTS);
        if (fields.isEmpty()) {
            return ToolHints.NONE;
        }
        Fields f = fields.get();
        return new ToolHints(f.string("title").orElse(null), flag(f, "readOnlyHint"), flag(f, "destructiveHint"), flag(f, "idempotentHint"),
                flag(f, "openWorldHint"));
    }

    private Boolean flag(Fields f, String key) {
        return f.has(key) ? r.bool(f.get(key).value(), f.get(key).path()).orElse(null) : null;
    }
}
