package dev.detour.server.policy;

import dev.detour.server.identity.Principal;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code policy:} section: rules mapping roles, scopes and subjects to what they may use. Once a
 * policy exists, everything is denied unless a rule grants it (an empty rule list denies all); no
 * policy means no restriction. Immutable.
 *
 * @param rules the rules; grants add up
 */
public record PolicyConfig(List<PolicyRule> rules) {

    public PolicyConfig {
        rules = List.copyOf(rules);
    }

    /** The rules that apply to {@code principal}. */
    public List<PolicyRule> rulesFor(Principal principal) {
        return rules.stream().filter(r -> r.appliesTo(principal)).toList();
    }

    /**
     * What {@code principal} may use.
     *
     * @param logicalTools the config's logical tools, name → providers' {@code upstream/tool}
     * @param goalTools    the config's goal tool names
     */
    public Access access(Principal principal, Function<String, Set<String>> logicalTools, Set<String> goalTools) {
        return new RuleAccess(rulesFor(principal), logicalTools, goalTools);
    }

    /**
     * The providers ({@code upstream/tool}) of logical tool {@code name} that {@code principal} may
     * route to: the union, over the rules that grant it the tool, of the providers each rule allows
     * (all of them when a rule names none). Empty when no rule grants the tool.
     */
    public static Set<String> providers(List<PolicyRule> rules, String name, Set<String> all) {
        return all.stream().filter(p -> rules.stream().anyMatch(r -> PolicyRule.any(r.logicalTools(), name)
                && (r.providers().isEmpty() || PolicyRule.any(r.providers(), p)))).collect(Collectors.toUnmodifiableSet());
    }

    private record RuleAccess(List<PolicyRule> rules, Function<String, Set<String>> logicalTools, Set<String> goalTools) implements Access {

        @Override
        public boolean ownTool(String name) {
            Set<String> providers = logicalTools.apply(name);
            if (providers != null) {
                // a logical tool without a provider this principal may use does not exist for it
                return !providers(rules, name, providers).isEmpty();
            }
            return goalTools.contains(name) && rules.stream().anyMatch(r -> PolicyRule.any(r.goalTools(), name));
        }

        @Override
        public boolean tool(String upstream, String tool) {
            String id = upstream + "/" + tool;
            return rules.stream().anyMatch(r -> PolicyRule.any(r.tools(), id));
        }

        @Override
        public boolean prompt(String upstream, String prompt) {
            String id = upstream + "/" + prompt;
            return rules.stream().anyMatch(r -> PolicyRule.any(r.prompts(), id));
        }

        @Override
        public boolean resource(String uri) {
            return rules.stream().anyMatch(r -> PolicyRule.any(r.resources(), uri));
        }
    }
}
