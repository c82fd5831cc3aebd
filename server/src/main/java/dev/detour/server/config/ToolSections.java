package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the {@code logicalTools} and {@code goalTools} sections share: one namespace of tool names
 * the agent sees, and the MCP input schema each tool declares. Not thread-safe; one per load.
 */
final class ToolSections {

    private final NodeReader r;
    private final Set<String> names = new HashSet<>();

    ToolSections(NodeReader r) {
        this.r = r;
    }

    /**
     * Reads every tool of a section with {@code read}, in file order, skipping (as problems) names
     * that are not allowed or already taken by a logical or goal tool.
     */
    <T> List<T> each(Entry section, Function<Entry, Optional<T>> read) {
        List<T> tools = new ArrayList<>();
        r.mapping(section.value(), section.path(), null).ifPresent(entries -> entries.values().forEach(t -> {
            if (name(t)) {
                read.apply(t).ifPresent(tools::add);
            }
        }));
        return tools;
    }

    private boolean name(Entry t) {
        if (!ConfigLoader.TOOL_NAME.matcher(t.key()).matches()) {
            r.problem(t.keyNode(), t.path(), "tool name '" + t.key() + "' is not allowed", "use 1 to 128 letters, digits, '_', '.' or '-'");
            return false;
        }
        if (!names.add(t.key())) {
            r.problem(t.keyNode(), t.path(), "a logical or goal tool named '" + t.key() + "' is already declared",
                    "give every tool the agent sees its own name");
            return false;
        }
        return true;
    }

    /** A tool's {@code inputSchema}, or {@code null} when it is absent or not a mapping (a problem). */
    Map<String, Object> inputSchema(Fields f) {
        if (!f.has("inputSchema")) {
            return null;
        }
        Entry e = f.get("inputSchema");
        if (r.mapping(e.value(), e.path(), null).isEmpty()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) NodeReader.plain(e.value());
        if (!"object".equals(schema.get("type"))) {
            r.problem(e.value(), e.path() + ".type", "an MCP tool's input schema must have type: object, found " + schema.get("type"),
                    "write inputSchema: {type: object, properties: {...}}");
        }
        return schema;
    }
}
