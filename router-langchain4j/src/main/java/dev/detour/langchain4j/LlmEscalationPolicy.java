package dev.detour.langchain4j;

import dev.detour.langchain4j.internal.DecisionPrompt;
import dev.detour.langchain4j.internal.LlmFailures;
import dev.detour.router.escalate.CachingEscalationPolicy;
import dev.detour.router.escalate.DecisionStore;
import dev.detour.router.escalate.EscalationDecision;
import dev.detour.router.escalate.EscalationRequest;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EscalationPolicy} that asks a LangChain4j {@link ChatModel} what to do at a dead end: demote
 * the request to one of the reachable goals, or escalate it. router-core consults it only when no route
 * and no demotion-ladder step is left, and only when some other goal is still reachable.
 *
 * <p>The model is shown the goal, every failed step with its SERF cause, the unhealthy tools and the
 * reachable goals, and must answer with structured output — {@code {"action": "demote", "goal": …}} or
 * {@code {"action": "escalate", "message": …}} (see {@code DecisionPrompt} for why a JSON-schema response
 * format rather than a tool call). Anything else — a malformed answer, a goal not on the list, no answer
 * within the timeout, an HTTP error, a refusal — is an explicit escalation whose reason says the LLM
 * failed and why ({@code the LLM failed: no answer within 2 s; no route to goal 'report'}); the model
 * can never send a request to a goal the router cannot reach.
 *
 * <p>The timeout is the policy's own: it is armed on the {@link Scheduler} when the call starts, so a
 * decision never hangs however the model's HTTP client behaves; latency is read from the {@link Ticker}.
 * The blocking model call runs on the executor (a virtual thread per call by default), never on the
 * router's thread.
 *
 * <p>Use {@link #cached()} (or {@link #policy()}, which follows {@link LlmConfig#cache()}) as the router's
 * policy, so one outage costs one call: router-core's {@link CachingEscalationPolicy} keeps a decision per
 * goal and health signature, and a health change asks again. Only decisions the model really made are
 * kept; a failed call is not, so the next request at the same dead end tries the model again.
 *
 * <pre>{@code
 * LlmEscalationPolicy llm = LlmEscalationPolicy.builder(config).listener(metrics).build();
 * Router router = Router.builder(graph).invoker(tools).escalationPolicy(llm.policy()).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LlmEscalationPolicy implements EscalationPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(LlmEscalationPolicy.class);

    /** What events name as provider and model for a model built by hand. */
    public static final String CUSTOM = "custom";

    private final ChatModel model;
    private final Duration timeout;
    private final boolean cache;
    private final String provider;
    private final String modelName;
    private final LlmCallListener listener;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Executor executor;
    private final AtomicLong calls = new AtomicLong();
    private final Cached cached;

    private LlmEscalationPolicy(Builder b) {
        this.model = b.model;
        this.timeout = b.timeout;
        this.cache = b.cache;
        this.provider = b.provider;
        this.modelName = b.modelName;
        this.listener = b.listener;
        this.ticker = b.ticker;
        this.scheduler = b.scheduler;
        this.executor = b.executor != null ? b.executor : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("detour-llm-", 0).factory());
        this.cached = new Cached(b.store != null ? b.store : DecisionStore.lru(CachingEscalationPolicy.DEFAULT_MAX_ENTRIES));
    }

    /** A policy over the model {@code config} describes ({@link ChatModels#create}), with its timeout and cache setting. */
    public static Builder builder(LlmConfig config) {
        return new Builder(ChatModels.create(config)).timeout(config.timeout()).cache(config.cache())
                .names(config.provider().configName(), config.model());
    }

    /** A policy over a model built by hand (events name it {@value #CUSTOM}); timeout {@link LlmConfig#DEFAULT_TIMEOUT}. */
    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    /** The cached policy over {@code model}, with the defaults: the one-liner for embedding. */
    public static EscalationPolicy cached(ChatModel model) {
        return builder(model).build().cached();
    }

    /**
     * One model call per consultation, never cached. The stage always completes normally: with the
     * model's decision, or with an explicit escalation saying why the LLM failed.
     */
    @Override
    public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
        return ask(request).thenApply(DecisionPrompt.Reading::decision);
    }

    /** This policy behind router-core's decision cache; the same instance on every call. */
    public EscalationPolicy cached() {
        return cached;
    }

    /** What to give the router: {@link #cached()} when the config caches (the default), else this policy. */
    public EscalationPolicy policy() {
        return cache ? cached : this;
    }

    /** Model calls started so far (the "LLM calls" figure). */
    public long calls() {
        return calls.get();
    }

    /** Decisions currently cached. */
    public int cachedDecisions() {
        return cached.cache.size();
    }

    private CompletableFuture<DecisionPrompt.Reading> ask(EscalationRequest request) {
        calls.incrementAndGet();
        long start = ticker.nanos();
        CompletableFuture<DecisionPrompt.Reading> result = new CompletableFuture<>();
        AtomicBoolean settled = new AtomicBoolean(); // the answer or the timeout, whichever comes first, is reported and kept
        Scheduler.Cancellable timer = scheduler.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                DecisionPrompt.Reading timedOut = failed(LlmFailures.timeout(timeout), request);
                report(request, timedOut, timeout, null);
                result.complete(timedOut);
            }
        }, timeout);
        try {
            executor.execute(() -> {
                if (settled.get()) {
                    return;
                }
                DecisionPrompt.Reading reading;
                TokenUsage usage = null;
                try {
                    ChatResponse response = model.chat(DecisionPrompt.chatRequest(request));
                    usage = response.tokenUsage();
                    reading = read(response, request);
                } catch (RuntimeException e) {
                    reading = failed(LlmFailures.of(e), request);
                    LOG.debug("LLM call for goal '{}' of graph '{}' failed", request.goal(), request.graph(), e);
                }
                if (settled.compareAndSet(false, true)) {
                    timer.cancel();
                    report(request, reading, Duration.ofNanos(ticker.nanos() - start), usage);
                    result.complete(reading);
                }
            });
        } catch (RuntimeException rejected) {
            if (settled.compareAndSet(false, true)) {
                timer.cancel();
                DecisionPrompt.Reading reading = failed(LlmFailures.of(rejected), request);
                report(request, reading, Duration.ZERO, null);
                result.complete(reading);
            }
        }
        return result;
    }

    private static DecisionPrompt.Reading read(ChatResponse response, EscalationRequest request) {
        FinishReason finish = response.finishReason();
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        if (finish == FinishReason.CONTENT_FILTER || finish == FinishReason.OTHER) {
            return DecisionPrompt.failure(LlmCall.Outcome.REFUSED, "the model refused to decide", request);
        }
        DecisionPrompt.Reading reading = DecisionPrompt.read(text, request);
        if (reading.outcome() == LlmCall.Outcome.MALFORMED && finish == FinishReason.LENGTH) {
            return DecisionPrompt.failure(LlmCall.Outcome.MALFORMED, "its answer was cut off at the token limit", request);
        }
        return reading;
    }

    private static DecisionPrompt.Reading failed(LlmFailures.Why why, EscalationRequest request) {
        return DecisionPrompt.failure(why.outcome(), why.why(), request);
    }

    private void report(EscalationRequest request, DecisionPrompt.Reading reading, Duration latency, TokenUsage usage) {
        LlmCall call = new LlmCall(LlmCall.Purpose.ESCALATION, reading.outcome(), provider, modelName, request.graph(), request.goal(),
                latency, usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), reading.message());
        try {
            listener.onCall(call);
        } catch (RuntimeException e) {
            LOG.warn("LLM call listener {} failed on {}; ignored", listener, call, e);
        }
    }

    /**
     * The policy behind {@link CachingEscalationPolicy}. A failed call reaches the cache as a failed
     * stage (which it does not keep) and leaves here as the explicit escalation it carries.
     */
    private final class Cached implements EscalationPolicy {

        final CachingEscalationPolicy cache;

        Cached(DecisionStore store) {
            cache = new CachingEscalationPolicy(request -> ask(request).thenCompose(reading ->
                    reading.outcome().decided() ? CompletableFuture.completedFuture(reading.decision())
                            : CompletableFuture.failedFuture(new NotKept(reading.decision()))), store);
        }

        @Override
        public CompletionStage<EscalationDecision> decide(EscalationRequest request) {
            return cache.lookup(request).thenApply(found -> {
                if (found.cached()) {
                    try {
                        listener.onCachedDecision(LlmCall.Purpose.ESCALATION, request.graph(), request.goal());
                    } catch (RuntimeException e) {
                        LOG.warn("LLM call listener {} failed on a cached decision; ignored", listener, e);
                    }
                }
                return found.decision();
            }).exceptionally(failure -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof NotKept notKept) {
                    return notKept.decision;
                }
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            });
        }
    }

    /** A decision the cache must not keep: the LLM failed. No stack trace; it never leaves this class. */
    private static final class NotKept extends RuntimeException {
        final transient EscalationDecision decision;

        NotKept(EscalationDecision decision) {
            super(null, null, false, false);
            this.decision = decision;
        }
    }

    /** Configures an {@link LlmEscalationPolicy}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel model;
        private Duration timeout = LlmConfig.DEFAULT_TIMEOUT;
        private boolean cache = LlmConfig.DEFAULT_CACHE;
        private String provider = CUSTOM;
        private String modelName = CUSTOM;
        private LlmCallListener listener = LlmCallListener.NONE;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = Scheduler.system();
        private Executor executor;
        private DecisionStore store;

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The longest one decision may take; past it the request escalates. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Whether {@link LlmEscalationPolicy#policy()} is the cached policy (default true). */
        public Builder cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /** The provider and model names events carry. */
        public Builder names(String providerName, String model) {
            this.provider = Objects.requireNonNull(providerName, "providerName");
            this.modelName = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder listener(LlmCallListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Reads call latency; default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Arms the timeout; default {@link Scheduler#system()}. Pass a {@code ManualClock} to time out on manual time. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Runs the blocking model calls; default: a new virtual thread per call. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Where {@link LlmEscalationPolicy#cached()} keeps its decisions; default an in-process LRU of
         * {@link CachingEscalationPolicy#DEFAULT_MAX_ENTRIES}. A store shared by replicas makes it one
         * model call per outage for all of them.
         */
        public Builder decisionStore(DecisionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public LlmEscalationPolicy build() {
            return new LlmEscalationPolicy(this);
        }
    }
}
