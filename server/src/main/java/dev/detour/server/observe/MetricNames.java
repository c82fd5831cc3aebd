package dev.detour.server.observe;

/**
 * The catalogue of Detour's own meter names, in Micrometer's dotted form (Prometheus shows
 * {@code detour.reroutes} as {@code detour_reroutes_total}). {@code docs/observability.md} documents
 * each with its labels, and the Grafana dashboard queries them; renaming one is a breaking change.
 * Vert.x's own meters ({@code vertx_http_server_*}, {@code vertx_http_client_*}, {@code vertx_pool_*} …)
 * and the JVM binders' keep their library names.
 */
public final class MetricNames {

    /** Timer with a histogram ({@code _bucket}): every upstream tool call a healing tool made. */
    public static final String TOOL_CALLS = "detour.tool.calls";
    /** Counter: every {@code Rerouted} event. */
    public static final String REROUTES = "detour.reroutes";
    /** Counter: every {@code Demoted} event. */
    public static final String DEMOTIONS = "detour.demotions";
    /** Counter: every {@code Escalated} event. */
    public static final String ESCALATIONS = "detour.escalations";
    /** Timer: every healing call, end to end ({@code _count}, {@code _sum}, {@code _max}; no histogram). */
    public static final String ROUTES = "detour.routes";
    /** Gauge: 1 for the tool's current state, 0 for the others. */
    public static final String TOOL_HEALTH = "detour.tool.health";
    /** Gauge: 1 healthy, the penalty when degraded, +Inf unavailable. */
    public static final String WEIGHT_MULTIPLIER = "detour.tool.weight.multiplier";
    /** Counter: health-monitor runner events (a monitor threw, stalled or was overloaded). */
    public static final String MONITOR_EVENTS = "detour.monitor.events";
    /** Counter: escalation-policy consultations by outcome (with an LLM-backed policy, LLM calls). */
    public static final String POLICY_CALLS = "detour.escalation.policy.calls";
    /** Timer: every LLM call by purpose and outcome, with its latency ({@code _count} is the number of calls). */
    public static final String LLM_CALLS = "detour.llm.calls";
    /** Counter: tokens of LLM calls by type ({@code input}, {@code output}), when the provider reports them. */
    public static final String LLM_TOKENS = "detour.llm.tokens";
    /** Counter: requests at a dead end decided by a cached LLM decision, with no LLM call of their own. */
    public static final String LLM_CACHED_DECISIONS = "detour.llm.cached.decisions";
    /** Counter: hot reloads of {@code detour.yaml} by result ({@code applied}, {@code rejected}). */
    public static final String CONFIG_RELOADS = "detour.config.reloads";
    /** Gauge: members of the Detour cluster this replica is in, itself included; 0 when clustering is off. */
    public static final String CLUSTER_MEMBERS = "detour.cluster.members";

    private MetricNames() {
    }
}
