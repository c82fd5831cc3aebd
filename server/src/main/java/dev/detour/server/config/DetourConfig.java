package dev.detour.server.config;

import dev.detour.langchain4j.LlmConfig;
import dev.detour.router.RouterConfig;
import dev.detour.server.audit.AuditConfig;
import dev.detour.server.auth.AdminConfig;
import dev.detour.server.auth.AuthConfig;
import dev.detour.server.cluster.ClusterConfig;
import dev.detour.server.policy.LimitsConfig;
import dev.detour.server.policy.PolicyConfig;
import dev.detour.server.upstream.UpstreamSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A whole {@code detour.yaml}: the upstream MCP servers, the healing tools built on them, health
 * monitors, time budgets, pass-through rules and the LLM goal tools ask at a dead end. Immutable and thread-safe; read one with
 * {@link ConfigLoader}.
 *
 * @param source       where it was read from (for messages), e.g. the file path
 * @param upstreams    the upstream MCP servers, in declaration order
 * @param logicalTools tools the agent sees, each served by interchangeable providers
 * @param goalTools    multi-step graphs the agent sees as one tool each
 * @param monitors     health monitors
 * @param routing      call budgets (ATBA) and routing limits: the {@code budgets} section, as
 *                     router-core's own configuration
 * @param passThrough  which upstream tools and features the agent also sees as they are
 * @param llm          the model goal tools ask when no route and no ladder step is left (the {@code llm}
 *                     section, as router-langchain4j's own configuration), or {@code null}: no LLM, such
 *                     a dead end escalates at once
 * @param auth         client authentication on the MCP listener, or {@code null}: none (loopback only,
 *                     unless started with {@code --insecure-no-auth})
 * @param policy       who may use what, or {@code null}: everyone everything; once present, deny by default
 * @param limits       per-principal, per-session and per-request limits
 * @param audit        the audit log, or {@code null}: none
 * @param admin        the admin listener's credential, or {@code null}: loopback only
 * @param cluster      whether and how this replica shares health with others ({@link ClusterConfig#disabled()}: alone)
 */
public record DetourConfig(
        String source,
        List<UpstreamSpec> upstreams,
        List<LogicalToolConfig> logicalTools,
        List<GoalToolConfig> goalTools,
        MonitorsConfig monitors,
        RouterConfig routing,
        PassThroughRules passThrough,
        LlmConfig llm,
        AuthConfig auth,
        PolicyConfig policy,
        LimitsConfig limits,
        AuditConfig audit,
        AdminConfig admin,
        ClusterConfig cluster) {

    /** A config without an LLM, authentication, policy, limits, audit, admin credential or cluster. */
    public DetourConfig(String source, List<UpstreamSpec> upstreams, List<LogicalToolConfig> logicalTools, List<GoalToolConfig> goalTools,
            MonitorsConfig monitors, RouterConfig routing, PassThroughRules passThrough) {
        this(source, upstreams, logicalTools, goalTools, monitors, routing, passThrough, null, null, null, LimitsConfig.none(), null, null,
                ClusterConfig.disabled());
    }

    public DetourConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(source, "source");
        upstreams = List.copyOf(upstreams);
        logicalTools = List.copyOf(logicalTools);
        goalTools = List.copyOf(goalTools);
        Objects.requireNonNull(monitors, "monitors");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(passThrough, "passThrough");
        Set<String> upstreamNames = new HashSet<>();
        for (UpstreamSpec u : upstreams) {
            if (!upstreamNames.add(u.name())) {
                throw new IllegalArgumentException("two upstreams are named '" + u.name() + "'");
            }
        }
        Set<String> toolNames = new HashSet<>();
        for (LogicalToolConfig t : logicalTools) {
            if (!toolNames.add(t.name())) {
                throw new IllegalArgumentException("two tools are named '" + t.name() + "'");
            }
            t.providers().forEach(p -> requireUpstream(upstreamNames, p.binding(), t.name()));
        }
        for (GoalToolConfig g : goalTools) {
            if (!toolNames.add(g.name())) {
                throw new IllegalArgumentException("two tools are named '" + g.name() + "'");
            }
            g.bindings().values().forEach(b -> requireUpstream(upstreamNames, b, g.name()));
        }
    }

    private static void requireUpstream(Set<String> upstreams, ProviderBinding binding, String tool) {
        if (!upstreams.contains(binding.upstream())) {
            throw new IllegalArgumentException("tool '" + tool + "' uses upstream '" + binding.upstream() + "', which is not declared");
        }
    }

    /**
     * The identity settings that apply only at start-up: authentication, limits, audit and the admin
     * credential. A reload that changes them is refused; the policy applies at once.
     */
    public boolean sameStartupSecurity(DetourConfig other) {
        return Objects.equals(auth, other.auth) && limits.equals(other.limits) && Objects.equals(audit, other.audit)
                && Objects.equals(admin, other.admin);
    }

    /** The upstream with this name. */
    public Optional<UpstreamSpec> upstream(String name) {
        return upstreams.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /**
     * The router ids ({@code tool@upstream}) of every upstream tool a logical or goal tool uses, in
     * config order: what health monitors and probes watch.
     */
    public Set<String> routedTools() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        logicalTools.forEach(t -> t.providers().forEach(p -> ids.add(p.binding().routerToolId())));
        goalTools.forEach(g -> g.graph().tools().forEach(tool -> ids.add(g.bindings().get(tool).routerToolId())));
        return java.util.Collections.unmodifiableSet(ids);
    }

    /** True when an upstream tool serves a logical or goal tool (see {@link PassThroughRules#hideProviders()}). */
    public boolean isProvider(String upstream, String tool) {
        return logicalTools.stream().flatMap(t -> t.providers().stream()).map(LogicalToolConfig.Provider::binding)
                .anyMatch(b -> b.upstream().equals(upstream) && b.tool().equals(tool))
                || goalTools.stream().flatMap(g -> g.bindings().values().stream())
                        .anyMatch(b -> b.upstream().equals(upstream) && b.tool().equals(tool));
    }

    /** True when an upstream tool is shown to the agent as it is, by the pass-through rules. */
    public boolean passesThrough(String upstream, String tool) {
        return passThrough.allows(upstream, tool) && !(passThrough.hideProviders() && isProvider(upstream, tool));
    }
}
