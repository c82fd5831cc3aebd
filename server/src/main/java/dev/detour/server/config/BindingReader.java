package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.router.graph.ArgumentTemplate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one upstream tool that does a job — {@code upstream}, {@code tool} and an optional
 * {@code arguments} mapping — into a {@link ProviderBinding}: a logical tool's provider or a goal
 * tool's binding. The upstream must be one declared under {@code upstreams}.
 */
final class BindingReader {

    private final NodeReader r;
    private final Set<String> upstreams;

    /** @param upstreams the names declared under {@code upstreams}, in file order */
    BindingReader(NodeReader r, Set<String> upstreams) {
        this.r = r;
        this.upstreams = upstreams;
    }

    /** The binding in these fields; empty when {@code upstream} or {@code tool} is missing or wrong (problems). */
    Optional<ProviderBinding> read(Fields f) {
        Optional<String> upstream = f.required("upstream", "name one of the upstreams: " + String.join(", ", upstreams))
                .flatMap(u -> r.string(u.value(), u.path()).filter(name -> declared(u, name)));
        Optional<String> tool = f.required("tool", "give the tool's name at the upstream, e.g. tool: web_search")
                .flatMap(t -> r.string(t.value(), t.path()));
        ArgumentTemplate arguments = f.has("arguments") ? arguments(f.get("arguments")) : null;
        if (upstream.isEmpty() || tool.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderBinding(upstream.get(), tool.get(), arguments));
    }

    private boolean declared(Entry u, String name) {
        if (upstreams.contains(name)) {
            return true;
        }
        r.problem(u.value(), u.path(), "upstream '" + name + "' is not declared under 'upstreams'",
                upstreams.isEmpty() ? "declare it under 'upstreams'" : "use one of: " + String.join(", ", upstreams));
        return false;
    }

    /** The argument mapping; its references may read only the call's arguments, {@code ${input/...}}. */
    private ArgumentTemplate arguments(Entry a) {
        if (r.mapping(a.value(), a.path(), null).isEmpty()) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            ArgumentTemplate arguments = ArgumentTemplate.of((Map<String, Object>) NodeReader.plain(a.value()));
            if (!arguments.references().isEmpty()) {
                r.problem(a.value(), a.path(), "the mapping refers to " + arguments.references()
                        + "; only ${input/...} is available here", "read the call's arguments as ${input/name}");
            }
            return arguments;
        } catch (IllegalArgumentException e) {
            r.problem(a.value(), a.path(), "malformed reference: " + e.getMessage(), "write references as ${input/json/pointer}");
            return null;
        }
    }
}
