package dev.detour.langchain4j;

/**
 * Observes what an {@link LlmEscalationPolicy} costs: each model call, and each decision answered from
 * the cache instead. The server binds its metrics here (calls by purpose and outcome, latency, tokens,
 * cache hits); nothing in this module depends on a metrics library.
 *
 * <p>Called synchronously on the thread that finished the call (a virtual thread, or the scheduler's
 * for a timeout) or that asked the cache: implementations must be fast, non-blocking and thread-safe.
 * An exception thrown here is logged and ignored.
 */
public interface LlmCallListener {

    /** Listens to nothing. */
    LlmCallListener NONE = call -> {
    };

    /** One model call ended, in any way. */
    void onCall(LlmCall call);

    /**
     * A request at a dead end was decided by a cached decision (or one already in flight for another
     * request), with no model call of its own.
     *
     * @param purpose why the model would have been asked
     * @param graph   the request's graph
     * @param goal    the goal that became infeasible
     */
    default void onCachedDecision(LlmCall.Purpose purpose, String graph, String goal) {
    }
}
