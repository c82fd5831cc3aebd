package dev.detour.server.demo;

import dev.detour.langchain4j.LlmCall;
import dev.detour.langchain4j.LlmCallListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the demo's LLM did, as the sidecar's {@code llm} policy reports it: every call (outcome,
 * latency, tokens, the model's message) and how many requests a cached decision answered instead.
 * The tour narrates the calls; its summary line's two figures are these counts. Thread-safe.
 */
final class RecordedLlmCalls implements LlmCallListener {

    private final List<LlmCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger cachedDecisions = new AtomicInteger();

    @Override
    public void onCall(LlmCall call) {
        calls.add(call);
    }

    @Override
    public void onCachedDecision(LlmCall.Purpose purpose, String graph, String goal) {
        cachedDecisions.incrementAndGet();
    }

    /** Every LLM call so far, in the order they ended. */
    List<LlmCall> calls() {
        return List.copyOf(calls);
    }

    /** Requests decided by a cached decision so far. */
    int cachedDecisions() {
        return cachedDecisions.get();
    }
}
