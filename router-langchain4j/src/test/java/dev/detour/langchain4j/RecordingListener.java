package dev.detour.langchain4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what an {@link LlmCallListener} is told. */
final class RecordingListener implements LlmCallListener {

    final List<LlmCall> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger cachedDecisions = new AtomicInteger();

    @Override
    public void onCall(LlmCall call) {
        calls.add(call);
    }

    @Override
    public void onCachedDecision(LlmCall.Purpose purpose, String graph, String goal) {
        cachedDecisions.incrementAndGet();
    }
}
