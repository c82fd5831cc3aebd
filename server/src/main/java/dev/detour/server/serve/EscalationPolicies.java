package dev.detour.server.serve;

import dev.detour.graphs.ConfigException;
import dev.detour.graphs.ConfigProblem;
import dev.detour.langchain4j.LlmCall;
import dev.detour.langchain4j.LlmCallListener;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.LlmEscalationPolicy;
import dev.detour.router.escalate.DecisionStore;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.server.cluster.ClusterDecisions;
import dev.detour.server.cluster.DetourCluster;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.observe.SidecarMetrics;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goal tools ask at a dead end (no route and no ladder step left), for each config the sidecar
 * serves: the embedder's {@link SidecarOptions#escalationPolicy()} when set; else the model of the
 * config's {@code llm} section — router-langchain4j's {@link LlmEscalationPolicy}, behind its decision
 * cache unless {@code cache: false}; else nobody ({@code null}: the dead end escalates at once, as
 * without an LLM). Each policy is counted per consultation ({@code detour_escalation_policy_calls_total});
 * the LLM's calls, tokens and cached decisions go to the sidecar's {@code LlmMetrics}, the log and
 * {@link SidecarOptions#llmListener()}.
 *
 * <p>A reload that leaves the {@code llm} section as it was keeps the policy, and with it the cached
 * decisions; a changed section gets a new policy with an empty cache (another model, or another key,
 * decides afresh), used by the calls that start from then on. On a cluster member the decisions are
 * kept in the cluster-wide {@link ClusterDecisions} instead, namespaced by provider, base URL and model,
 * so a dead end hit on every replica costs one call for all of them. Thread-safe.
 */
final class EscalationPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationPolicies.class);
    /** Longest model message a log line quotes: the model may be wordy, the log line should not be. */
    private static final int LOGGED_MESSAGE_CHARS = 200;
    /** A member waits this much longer than one LLM call may take for another member's decision. */
    private static final long LOCK_MARGIN_SECONDS = 5;

    private final SidecarOptions options;
    private final SidecarMetrics metrics;
    private final EscalationPolicy override;
    private final LlmCallListener listener;
    private final DetourCluster cluster;
    private LlmConfig llm;
    private EscalationPolicy llmPolicy;
    private boolean overrideLogged;

    /** @param cluster this replica's cluster, whose members share the decisions; {@code null} when not clustered */
    EscalationPolicies(SidecarOptions options, SidecarMetrics metrics, DetourCluster cluster) {
        this.options = Objects.requireNonNull(options, "options");
        this.cluster = cluster;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.override = options.escalationPolicy() == null ? null : metrics.counted(options.escalationPolicy());
        this.listener = new LoggedCalls(metrics.llm(), options.llmListener());
    }

    /**
     * The policy for {@code config}'s goal tools, or {@code null} for none.
     *
     * @throws ConfigException when the model's LangChain4j client cannot be built from the section
     */
    synchronized EscalationPolicy forConfig(DetourConfig config) {
        if (override != null) {
            if (config.llm() != null && !overrideLogged) {
                overrideLogged = true;
                LOG.info("{}: the llm section is not used: this sidecar's embedder gave its own escalation policy", config.source());
            }
            return override;
        }
        if (Objects.equals(config.llm(), llm)) {
            return llmPolicy;
        }
        llmPolicy = config.llm() == null ? null : build(config);
        llm = config.llm();
        if (llm == null) {
            LOG.info("{}: no llm section: a dead end with no ladder step escalates at once", config.source());
        } else {
            LOG.info("{}: at a dead end with no ladder step, goal tools ask {}", config.source(), llm); // LlmConfig masks the key
        }
        return llmPolicy;
    }

    private EscalationPolicy build(DetourConfig config) {
        try {
            LlmEscalationPolicy.Builder llmPolicy = LlmEscalationPolicy.builder(config.llm()).listener(listener).ticker(options.ticker())
                    .scheduler(options.scheduler());
            if (cluster != null) {
                llmPolicy.decisionStore(sharedStore(config.llm()));
            }
            return metrics.counted(llmPolicy.build().policy());
        } catch (RuntimeException e) {
            // Only the exception's type: a client library's message might quote the key it was given.
            throw new ConfigException(List.of(new ConfigProblem(config.source(), 0, 0, "llm",
                    "the " + config.llm().provider().configName() + " client could not be built (" + e.getClass().getSimpleName() + ")",
                    "check provider, baseUrl and model")));
        }
    }

    /** Never the key: it is no part of what a decision depends on, and the namespace is a map key everyone can read. */
    private DecisionStore sharedStore(LlmConfig config) {
        String namespace = config.provider().configName() + " " + config.baseUrl() + " " + config.model();
        return new ClusterDecisions(cluster, namespace, ClusterDecisions.DEFAULT_TTL, config.timeout().plusSeconds(LOCK_MARGIN_SECONDS));
    }

    /** Counts every LLM call and cached decision, logs the calls, then tells the embedder's listener. */
    private record LoggedCalls(LlmCallListener metrics, LlmCallListener embedder) implements LlmCallListener {

        @Override
        public void onCall(LlmCall call) {
            metrics.onCall(call);
            String tokens = call.inputTokens() == null ? "" : ", " + call.inputTokens() + " input and " + call.outputTokens() + " output tokens";
            if (call.outcome().decided()) {
                LOG.info("LLM decided {} for goal '{}' of '{}' in {} ms ({} model '{}'{}): {}", call.outcome(), call.goal(), call.graph(),
                        call.latency().toMillis(), call.provider(), call.model(), tokens, clipped(call.message()));
            } else {
                LOG.warn("LLM call for goal '{}' of '{}' failed ({}, {} ms, {} model '{}'): {}", call.goal(), call.graph(), call.outcome(),
                        call.latency().toMillis(), call.provider(), call.model(), call.message());
            }
            embedder.onCall(call);
        }

        @Override
        public void onCachedDecision(LlmCall.Purpose purpose, String graph, String goal) {
            metrics.onCachedDecision(purpose, graph, goal);
            LOG.debug("a cached LLM decision decided goal '{}' of '{}'", goal, graph);
            embedder.onCachedDecision(purpose, graph, goal);
        }

        private static String clipped(String message) {
            return message.length() <= LOGGED_MESSAGE_CHARS ? message : message.substring(0, LOGGED_MESSAGE_CHARS) + "…";
        }
    }
}
