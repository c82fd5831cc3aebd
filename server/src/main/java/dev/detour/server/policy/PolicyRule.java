package dev.detour.server.policy;

import dev.detour.router.InvalidFieldException;
import dev.detour.server.identity.Principal;
import java.util.List;
import java.util.Set;

/**
 * One rule of the {@code policy:} section: who it is for, and what it grants them. A rule is for a
 * principal that has any of its {@code roles}, any of its {@code scopes}, or one of its
 * {@code subjects} — and, when {@code tenants} is given, belongs to one of them. Grants add up over
 * every rule a principal matches; nothing is granted otherwise. Immutable.
 *
 * @param roles        principals with any of these roles
 * @param scopes       principals with any of these OAuth scopes
 * @param subjects     principals with one of these subjects
 * @param tenants      when not empty, only principals of these tenants
 * @param logicalTools logical tools this rule grants, by name
 * @param providers    {@code upstream/tool} patterns: the providers the granted logical tools may route to
 *                     for these principals; empty means every provider of those tools
 * @param goalTools    goal tools granted, by name (they run on their configured bindings)
 * @param tools        pass-through upstream tools granted, as {@code upstream/tool} patterns
 * @param resources    resource URIs granted (reads, subscriptions, completions; templates by their text)
 * @param prompts      prompts granted, as {@code upstream/prompt} patterns
 */
public record PolicyRule(Set<String> roles, Set<String> scopes, Set<String> subjects, Set<String> tenants, List<Glob> logicalTools,
        List<Glob> providers, List<Glob> goalTools, List<Glob> tools, List<Glob> resources, List<Glob> prompts) {

    public PolicyRule {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
        subjects = Set.copyOf(subjects);
        tenants = Set.copyOf(tenants);
        logicalTools = List.copyOf(logicalTools);
        providers = List.copyOf(providers);
        goalTools = List.copyOf(goalTools);
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        prompts = List.copyOf(prompts);
        if (roles.isEmpty() && scopes.isEmpty() && subjects.isEmpty()) {
            throw new InvalidFieldException("roles", "a rule must say whom it is for: roles, scopes or subjects");
        }
        if (!providers.isEmpty() && logicalTools.isEmpty()) {
            throw new InvalidFieldException("providers", "providers restrict the logical tools of the same rule, and it grants none");
        }
        for (Glob g : providers) {
            requireUpstreamTool(g, "providers");
        }
        for (Glob g : tools) {
            requireUpstreamTool(g, "tools");
        }
        for (Glob g : prompts) {
            requireUpstreamTool(g, "prompts");
        }
    }

    private static void requireUpstreamTool(Glob g, String field) {
        if (g.toString().chars().filter(c -> c == '/').count() != 1 && !"*".equals(g.toString())) {
            throw new InvalidFieldException(field, "'" + g + "' is not of the form upstream/name (e.g. github/get_* or */search)");
        }
    }

    /** True when this rule is for {@code principal}. */
    public boolean appliesTo(Principal principal) {
        boolean who = principal.roles().stream().anyMatch(roles::contains) || principal.scopes().stream().anyMatch(scopes::contains)
                || subjects.contains(principal.subject());
        return who && (tenants.isEmpty() || principal.tenant() != null && tenants.contains(principal.tenant()));
    }

    static boolean any(List<Glob> globs, String name) {
        return globs.stream().anyMatch(g -> g.matches(name));
    }
}
