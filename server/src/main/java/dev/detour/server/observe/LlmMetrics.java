package dev.detour.server.observe;

import dev.detour.langchain4j.LlmCall;
import dev.detour.langchain4j.LlmCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * What the LLM at dead ends costs, as meters: every model call by purpose and outcome with its
 * latency, the tokens it used when the provider reports them, and every request decided by a cached
 * decision instead of a call of its own. Labels are the healing tool ({@code graph}), the goal that
 * became infeasible, and the provider and model of the {@code llm} section — all bounded by the
 * config; never a message, a prompt or the API key. Listens to router-langchain4j's
 * {@code LlmEscalationPolicy}; fast and thread-safe, as {@link LlmCallListener} asks.
 */
public final class LlmMetrics implements LlmCallListener {

    /** The label value when a call names no graph or goal (a policy asked outside a router). */
    static final String NONE = "none";

    private final MeterRegistry registry;

    public LlmMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onCall(LlmCall call) {
        Timer.builder(MetricNames.LLM_CALLS).description("LLM calls, by purpose and outcome, with their latency")
                .tags("graph", orNone(call.graph()), "goal", orNone(call.goal()), "purpose", call.purpose().name(),
                        "outcome", call.outcome().name(), "provider", call.provider(), "model", call.model())
                .register(registry)
                .record(call.latency());
        if (call.inputTokens() != null) {
            tokens(call, "input", call.inputTokens());
        }
        if (call.outputTokens() != null) {
            tokens(call, "output", call.outputTokens());
        }
    }

    @Override
    public void onCachedDecision(LlmCall.Purpose purpose, String graph, String goal) {
        Counter.builder(MetricNames.LLM_CACHED_DECISIONS).description("Requests decided by a cached LLM decision, with no LLM call of their own")
                .tags("graph", orNone(graph), "goal", orNone(goal), "purpose", purpose.name())
                .register(registry)
                .increment();
    }

    private void tokens(LlmCall call, String type, int count) {
        Counter.builder(MetricNames.LLM_TOKENS).description("Tokens of LLM calls, as the provider reported them")
                .tags("graph", orNone(call.graph()), "purpose", call.purpose().name(), "provider", call.provider(), "model", call.model(),
                        "type", type)
                .register(registry)
                .increment(count);
    }

    private static String orNone(String label) {
        return label == null ? NONE : label;
    }
}
