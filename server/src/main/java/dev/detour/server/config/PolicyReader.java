package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.server.policy.Glob;
import dev.detour.server.policy.PolicyConfig;
import dev.detour.server.policy.PolicyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code policy:} section: rules mapping roles, scopes and subjects to what they may use. */
final class PolicyReader {

    private static final List<String> KEYS = List.of("rules");
    private static final List<String> RULE_KEYS = List.of("roles", "scopes", "subjects", "tenants", "logicalTools", "providers", "goalTools",
            "tools", "resources", "prompts");

    private final NodeReader r;

    PolicyReader(NodeReader r) {
        this.r = r;
    }

    Optional<PolicyConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<Entry> rules = fields.get().required("rules", "list the rules, e.g. rules: [{roles: [analyst], logicalTools: [web_search]}]");
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        int before = r.problems().size();
        List<PolicyRule> out = new ArrayList<>();
        r.sequence(rules.get().value(), rules.get().path()).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = rules.get().path() + "[" + i + "]";
                Fields.of(r, item, path, item, RULE_KEYS).flatMap(this::rule).ifPresent(out::add);
            }
        });
        return r.problems().size() > before ? Optional.empty() : Optional.of(new PolicyConfig(out));
    }

    private Optional<PolicyRule> rule(Fields f) {
        int before = r.problems().size();
        Set<String> roles = names(f, "roles");
        Set<String> scopes = names(f, "scopes");
        Set<String> subjects = names(f, "subjects");
        Set<String> tenants = names(f, "tenants");
        List<Glob> logical = globs(f, "logicalTools");
        List<Glob> providers = globs(f, "providers");
        List<Glob> goals = globs(f, "goalTools");
        List<Glob> tools = globs(f, "tools");
        List<Glob> resources = globs(f, "resources");
        List<Glob> prompts = globs(f, "prompts");
        if (r.problems().size() > before) {
            return Optional.empty();
        }
        return f.build(() -> new PolicyRule(roles, scopes, subjects, tenants, logical, providers, goals, tools, resources, prompts),
                java.util.Map.of(), key -> key == null ? "correct the rule as the message says" : "correct " + key + " as the message says");
    }

    private Set<String> names(Fields f, String key) {
        Set<String> out = new HashSet<>();
        if (f.has(key)) {
            r.strings(f.get(key).value(), f.get(key).path()).forEach(l -> out.add(l.value()));
        }
        return out;
    }

    private List<Glob> globs(Fields f, String key) {
        List<Glob> out = new ArrayList<>();
        if (f.has(key)) {
            for (Located l : r.strings(f.get(key).value(), f.get(key).path())) {
                out.add(Glob.of(l.value()));
            }
        }
        return out;
    }
}
