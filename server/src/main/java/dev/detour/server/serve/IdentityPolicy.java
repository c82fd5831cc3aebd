package dev.detour.server.serve;

import dev.detour.server.config.DetourConfig;
import dev.detour.server.config.LogicalToolConfig;
import dev.detour.server.identity.Principal;
import dev.detour.server.policy.Access;
import dev.detour.server.policy.PolicyConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A config's {@code policy:} applied to its own tools: what a principal may list and call, and which
 * providers of a logical tool it may route through. No policy: everything, every provider.
 */
final class IdentityPolicy {

    private IdentityPolicy() {
    }

    /** What each principal may use under {@code config}. */
    static Function<Principal, Access> access(DetourConfig config) {
        PolicyConfig policy = config.policy();
        if (policy == null) {
            return p -> Access.ALL;
        }
        Map<String, Set<String>> logical = new LinkedHashMap<>();
        config.logicalTools().forEach(t -> logical.put(t.name(), providers(t)));
        Set<String> goals = config.goalTools().stream().map(g -> g.name()).collect(Collectors.toUnmodifiableSet());
        return p -> policy.access(p, logical::get, goals);
    }

    /**
     * The router ids ({@code tool@upstream}) of logical tool {@code name}'s providers that
     * {@code principal} may route through; {@code null} when there is no policy or {@code name} is no
     * logical tool (all providers).
     */
    static Set<String> providers(DetourConfig config, String name, Principal principal) {
        if (config.policy() == null) {
            return null;
        }
        return config.logicalTools().stream().filter(t -> t.name().equals(name)).findFirst().map(t -> {
            Set<String> allowed = PolicyConfig.providers(config.policy().rulesFor(principal), name, providers(t));
            return t.providers().stream().map(LogicalToolConfig.Provider::binding)
                    .filter(b -> allowed.contains(b.upstream() + "/" + b.tool())).map(b -> b.routerToolId())
                    .collect(Collectors.toUnmodifiableSet());
        }).orElse(null);
    }

    private static Set<String> providers(LogicalToolConfig tool) {
        return tool.providers().stream().map(p -> p.binding().upstream() + "/" + p.binding().tool()).collect(Collectors.toUnmodifiableSet());
    }
}
