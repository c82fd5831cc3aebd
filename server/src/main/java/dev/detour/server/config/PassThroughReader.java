package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code passThrough} section: which upstream tools and features the agent also sees as they are. */
final class PassThroughReader {

    private static final List<String> KEYS = List.of("include", "exclude", "hideProviders", "resources", "prompts");

    private final NodeReader r;

    PassThroughReader(NodeReader r) {
        this.r = r;
    }

    /** The rules of the section; empty when it has problems. */
    Optional<PassThroughRules> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        PassThroughRules.Builder b = PassThroughRules.builder();
        if (f.has("include")) {
            b.include(patterns(f.get("include")));
        }
        if (f.has("exclude")) {
            b.exclude(patterns(f.get("exclude")));
        }
        f.bool("hideProviders", b::hideProviders);
        f.bool("resources", b::resources);
        f.bool("prompts", b::prompts);
        return r.problems().size() > before ? Optional.empty() : Optional.of(b.build());
    }

    /** Each pattern checked by {@link PassThroughRules#check}; a rejected one is a problem at its item. */
    private List<String> patterns(Entry e) {
        List<String> out = new ArrayList<>();
        List<Located> items = r.strings(e.value(), e.path());
        for (int i = 0; i < items.size(); i++) {
            Located p = items.get(i);
            try {
                PassThroughRules.check(p.value());
                out.add(p.value());
            } catch (IllegalArgumentException ex) {
                r.problem(p.node(), e.path() + "[" + i + "]", ex.getMessage(), "write upstream/tool, e.g. search/* or */get_*");
            }
        }
        return out;
    }
}
