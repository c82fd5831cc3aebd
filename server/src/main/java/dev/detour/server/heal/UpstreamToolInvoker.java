package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.ErrorClassifier;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.exec.ToolOutcome;
import dev.detour.router.graph.ArgumentTemplate;
import dev.detour.router.spi.ToolInvoker;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonValues;
import dev.detour.server.upstream.UpstreamCall;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamFailures;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * router-core's {@link ToolInvoker} over MCP upstreams: each graph step is bound to an upstream tool
 * ({@link ProviderBinding}); a call renders the binding's argument mapping, sends {@code tools/call}
 * through that upstream's {@link UpstreamClient}, and turns whatever comes back into a {@link
 * ToolOutcome} — never an exception.
 *
 * <ul>
 *   <li>a result → success with the {@code CallToolResult} as a plain map;
 *   <li>a result with {@code isError: true} → {@link ErrorClassifier#fromMcpResult};
 *   <li>a JSON-RPC error → {@link ErrorClassifier#fromJsonRpcError};
 *   <li>a transport failure → its SERF error, with side effects {@code NONE} when the request never
 *       left Detour and at least {@code UNKNOWN} otherwise;
 *   <li>no answer within {@link ToolCall#timeout()} (the window ATBA gave the step) → the upstream
 *       request is cancelled ({@code notifications/cancelled}) and the outcome is TIMEOUT.
 * </ul>
 *
 * <p>Every call carries a {@code progressToken}; each {@code notifications/progress} the upstream sends
 * for it restarts the window, never past {@link ToolCall#maxTimeout()} (the request's deadline): a
 * slow tool that reports progress is not cut off while a silent one is. When the router cancels the
 * call (the agent cancelled its request), the upstream request is cancelled too.
 *
 * <p>Every call to a tool that is not read-only carries {@code _meta["dev.detour/idempotencyKey"]}
 * ({@link ToolCall#idempotencyKey()}), identical on any resend of the same step in the same request.
 *
 * <p>When the upstream answered — with an error result or a JSON-RPC error — the request provably
 * reached it, so side effects the classifier calls {@code UNKNOWN} become {@code POSSIBLE}.
 *
 * <p>Thread-safe: calls hop onto the directory's context, where the clients live; outcomes complete
 * there (a timeout too: its timer fires on the scheduler and hops back onto the context).
 */
public final class UpstreamToolInvoker implements ToolInvoker {

    /** Progress tokens Detour puts on its upstream calls: unique for the process, so never mistaken for another call's. */
    private static final AtomicLong PROGRESS_TOKENS = new AtomicLong();

    /** Where a call for a caller carries its {@code {sub, tenant, roles}}, to an upstream with {@code forwardIdentity: true}. */
    static final String PRINCIPAL_META = "dev.detour/principal";
    /** Where a call to a tool that is not read-only carries {@link ToolCall#idempotencyKey()}, for upstreams that deduplicate. */
    public static final String IDEMPOTENCY_KEY = "dev.detour/idempotencyKey";

    private final UpstreamDirectory upstreams;
    private final Map<String, ProviderBinding> bindingsByStep;
    private final CallerIdentities identities;
    private final ProgressRelay progress;
    private final Ticker ticker;
    private final Scheduler scheduler;

    /**
     * @param upstreams      where the clients are
     * @param bindingsByStep the upstream tool of each tool-invoking graph step, by step id
     * @param progress       where the upstreams' progress notifications go, for agents that asked to
     *                       hear how their calls go
     * @param ticker         measures the calls' windows
     * @param scheduler      arms them
     */
    public UpstreamToolInvoker(UpstreamDirectory upstreams, Map<String, ProviderBinding> bindingsByStep, ProgressRelay progress,
            Ticker ticker, Scheduler scheduler) {
        this(upstreams, bindingsByStep, progress, ticker, scheduler, new CallerIdentities());
    }

    /** @param identities the identity behind each call in flight, sent to upstreams that forward identity */
    UpstreamToolInvoker(UpstreamDirectory upstreams, Map<String, ProviderBinding> bindingsByStep, ProgressRelay progress,
            Ticker ticker, Scheduler scheduler, CallerIdentities identities) {
        this.identities = identities;
        this.upstreams = upstreams;
        this.bindingsByStep = Map.copyOf(bindingsByStep);
        this.progress = progress;
        this.ticker = ticker;
        this.scheduler = scheduler;
    }

    /** Every call asks for progress; each notification restarts its window, up to the request's deadline. */
    @Override
    public boolean extendsWindowOnProgress() {
        return true;
    }

    @Override
    public CompletionStage<ToolOutcome> invoke(ToolCall call) {
        CompletableFuture<ToolOutcome> outcome = new CompletableFuture<>();
        Context context = upstreams.context();
        if (Vertx.currentContext() == context) {
            start(call, outcome);
        } else {
            context.runOnContext(v -> start(call, outcome));
        }
        return outcome;
    }

    private void start(ToolCall call, CompletableFuture<ToolOutcome> outcome) {
        ProviderBinding binding = bindingsByStep.get(call.step());
        if (binding == null) {
            outcome.complete(failure(ErrorCategory.INTERNAL, "step '" + call.step() + "' is bound to no upstream tool", SideEffects.NONE));
            return;
        }
        Optional<UpstreamClient> found = upstreams.client(binding.upstream());
        if (found.isEmpty()) {
            outcome.complete(failure(ErrorCategory.UPSTREAM_UNAVAILABLE, "upstream '" + binding.upstream() + "' is not connected", SideEffects.NONE));
            return;
        }
        Map<String, Object> arguments;
        try {
            arguments = binding.forwardsArguments() ? call.arguments()
                    : binding.arguments().render(Map.of(ArgumentTemplate.INPUT, call.arguments()));
        } catch (ArgumentTemplate.UnresolvedReferenceException e) {
            outcome.complete(failure(ErrorCategory.INVALID_ARGUMENTS, "the arguments for " + binding.routerToolId() + " cannot be built: "
                    + e.getMessage(), SideEffects.NONE));
            return;
        }
        UpstreamClient client = found.get();
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", binding.tool());
        params.set("arguments", JsonValues.toNode(arguments));
        ObjectNode meta = params.putObject("_meta").put("progressToken", "detour-" + PROGRESS_TOKENS.incrementAndGet());
        call.idempotencyKey().ifPresent(key -> meta.put(IDEMPOTENCY_KEY, key));
        Map<String, Object> identity = identities.of(call.traceId());
        if (identity != null && upstreams.forwardsIdentity(binding.upstream())) {
            meta.set(PRINCIPAL_META, JsonValues.toNode(identity));
        }
        UpstreamCall sent = client.call("tools/call", params, call.annotations().safeToRepeat());
        Window window = new Window(call, howLong -> {
            if (outcome.complete(failure(ErrorCategory.TIMEOUT, binding.routerToolId() + " did not answer within " + howLong,
                    neverLeft(sent) ? SideEffects.NONE : SideEffects.UNKNOWN))) {
                client.cancel(sent, "the time budget Detour gave this call ran out");
            }
        });
        sent.onProgress(notification -> {
            window.extend();
            progress.upstreamProgress(call.traceId(), call.tool(), notification);
        });
        sent.response().toCompletionStage().whenComplete((message, failure) -> {
            window.close();
            outcome.complete(failure == null ? fromResponse(message) : fromFailure(failure, sent));
        });
        outcome.whenComplete((o, f) -> {
            if (outcome.isCancelled()) {
                upstreams.context().runOnContext(v -> {
                    window.close();
                    client.cancel(sent, "the agent cancelled the request");
                });
            }
        });
    }

    /**
     * A call's window: {@link ToolCall#timeout()} from the start, and again from every progress
     * notification, never past {@link ToolCall#maxTimeout()} from the start. Lives on the directory's
     * context; its timer fires on the scheduler and expires the window back on the context.
     */
    private final class Window {
        private final long windowNanos;
        private final long deadlineNanos;
        private final Consumer<String> onExpiry;
        private long expiresAt;
        private Scheduler.Cancellable timer;
        private int extensions;
        private boolean closed;

        /** @param onExpiry called with how long the call had, e.g. "its window of 800 ms" */
        Window(ToolCall call, Consumer<String> onExpiry) {
            this.onExpiry = onExpiry;
            long now = ticker.nanos();
            this.windowNanos = call.timeout().toNanos();
            this.deadlineNanos = now + call.maxTimeout().toNanos();
            arm(now + windowNanos, now);
        }

        void extend() {
            long now = ticker.nanos();
            long next = Math.min(now + windowNanos, deadlineNanos);
            if (!closed && next > expiresAt) {
                timer.cancel();
                extensions++;
                arm(next, now);
            }
        }

        void close() {
            closed = true;
            timer.cancel();
        }

        private void arm(long at, long now) {
            expiresAt = at;
            Context context = upstreams.context();
            timer = scheduler.schedule(() -> context.runOnContext(v -> expire(at)), Duration.ofNanos(at - now));
        }

        /** The timer armed for {@code at} fired; a stale one (the window was closed or moved on meanwhile) is ignored. */
        private void expire(long at) {
            if (closed || at != expiresAt) {
                return;
            }
            closed = true;
            long windowMillis = TimeUnit.NANOSECONDS.toMillis(windowNanos);
            onExpiry.accept(extensions == 0 ? "its window of " + windowMillis + " ms"
                    : "its window of " + windowMillis + " ms, restarted by " + extensions + " progress notification(s)"
                            + (expiresAt == deadlineNanos ? " up to the request's deadline" : ""));
        }
    }

    /** Converts a JSON-RPC response message to {@code tools/call}. */
    static ToolOutcome fromResponse(ObjectNode message) {
        JsonNode error = message.get("error");
        if (error != null) {
            Object data = error.has("data") ? JsonValues.toPlain(error.get("data")) : null;
            ToolError classified = ErrorClassifier.fromJsonRpcError(error.path("code").asInt(), error.path("message").asText(null), data);
            return ToolOutcome.failure(reached(classified));
        }
        JsonNode result = message.get("result");
        if (!(result instanceof ObjectNode object)) {
            return failure(ErrorCategory.INTERNAL, "the upstream answered tools/call without a result object", SideEffects.POSSIBLE);
        }
        Map<String, Object> plain = JsonValues.toMap(object);
        Optional<ToolError> reported = ErrorClassifier.fromMcpResult(plain);
        return reported.map(e -> ToolOutcome.failure(reached(e))).orElseGet(() -> ToolOutcome.success(plain));
    }

    private static ToolOutcome fromFailure(Throwable failure, UpstreamCall sent) {
        ToolError error = UpstreamFailures.toolError(failure);
        if (neverLeft(sent) || error.sideEffects() == SideEffects.NONE) {
            return ToolOutcome.failure(error.withSideEffects(SideEffects.NONE));
        }
        return ToolOutcome.failure(error.sideEffects() == SideEffects.POSSIBLE ? error : error.withSideEffects(SideEffects.UNKNOWN));
    }

    /**
     * A negative upstream id is the client's way of saying the request was never sent. Most
     * never-sent failures also say so themselves, as side effects {@code NONE} on their SERF error.
     */
    private static boolean neverLeft(UpstreamCall sent) {
        return sent.upstreamId() < 0;
    }

    /** The upstream answered, so the request reached it: "nobody can tell" becomes "it may have acted". */
    private static ToolError reached(ToolError error) {
        return error.sideEffects() == SideEffects.UNKNOWN ? error.withSideEffects(SideEffects.POSSIBLE) : error;
    }

    private static ToolOutcome failure(ErrorCategory category, String message, SideEffects sideEffects) {
        return ToolOutcome.failure(ToolError.of(category, message, sideEffects));
    }
}
