package dev.detour.server.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.spi.EscalationPolicy;
import dev.detour.server.audit.AuditLog;
import dev.detour.server.config.DetourConfig;
import dev.detour.server.heal.Caller;
import dev.detour.server.heal.HealingTools;
import dev.detour.server.heal.SharedRouting;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.policy.CallGuard;
import dev.detour.server.policy.PrincipalLimits;
import dev.detour.server.proxy.ToolOverlay;
import dev.detour.server.upstream.UpstreamSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The healing tools of the current config as the proxy's {@link ToolOverlay}: listed before the
 * pass-through tools, called through {@link HealingTools}, and the config's pass-through rules as the
 * filter on upstream tools.
 *
 * <p>{@link #apply} swaps in the tools of a new config in one step. A call takes the tools current
 * when it starts and finishes on them, so a reload never drops or changes a call in flight; health
 * survives because every generation shares one {@link SharedRouting}. It owns the healing tools'
 * upstream sessions: {@link #close} ends them. Each generation has its own escalation policy (the
 * {@code llm} section of its config), so a call also finishes with the policy it started with. Thread-safe.
 */
final class HealingOverlay implements ToolOverlay {

    private record Generation(DetourConfig config, HealingTools tools, CallGuard guard) {}

    private final Context context;
    private final HealingUpstreams upstreams;
    private final SharedRouting routing;
    private final PrincipalLimits limits;
    private final AuditLog audit;
    private volatile Generation current;

    /**
     * @param context the endpoint's context: where results are handed back
     * @param policy  what goal tools of {@code config} ask at a dead end, or {@code null}: nobody
     * @param limits  per-principal call limits (fixed for the sidecar's life)
     * @param audit   the audit log (fixed for the sidecar's life)
     */
    HealingOverlay(Context context, DetourConfig config, EscalationPolicy policy, HealingUpstreams upstreams, SharedRouting routing,
            PrincipalLimits limits, AuditLog audit) {
        this.context = context;
        this.upstreams = upstreams;
        this.routing = routing;
        this.limits = limits;
        this.audit = audit;
        this.current = generation(config, policy);
    }

    /** Builds the tools of {@code config}, asking {@code policy} at dead ends, and makes them current for every call that starts from now on. */
    void apply(DetourConfig config, EscalationPolicy policy) {
        current = generation(config, policy);
    }

    /** The config being served. */
    DetourConfig config() {
        return current.config();
    }

    /** The graphs of the healing tools new calls use. */
    List<ToolGraph> graphs() {
        return current.tools().graphs();
    }

    private Generation generation(DetourConfig config, EscalationPolicy policy) {
        Set<String> forwardIdentity = config.upstreams().stream().filter(UpstreamSpec::forwardIdentity).map(UpstreamSpec::name)
                .collect(Collectors.toSet());
        CallGuard guard = new CallGuard(IdentityPolicy.access(config), limits, audit, forwardIdentity, routing.ticker(), routing.clock());
        return new Generation(config, HealingTools.create(config, upstreams, routing.withEscalationPolicy(policy)), guard);
    }

    @Override
    public CallGuard guard() {
        return current.guard();
    }

    @Override
    public boolean serves(String name) {
        return current.tools().handles(name);
    }

    @Override
    public List<ObjectNode> tools() {
        return current.tools().toolDescriptors();
    }

    @Override
    public boolean exposes(String upstream, String tool) {
        return current.config().passesThrough(upstream, tool);
    }

    @Override
    public boolean forwardsResources() {
        return current.config().passThrough().resources();
    }

    @Override
    public boolean forwardsPrompts() {
        return current.config().passThrough().prompts();
    }

    @Override
    public Optional<Future<ObjectNode>> call(String name, ObjectNode params, CallContext call) {
        Consumer<String> progress = call.wantsProgress() ? line -> onContext(() -> call.progress(line)) : null;
        Generation g = current;
        Set<String> allowed = IdentityPolicy.providers(g.config(), name, call.principal());
        if (allowed != null && allowed.isEmpty() && g.tools().handles(name)) {
            // the policy changed since the proxy checked: answer as the proxy answers a name it does not know
            return Optional.of(Future.failedFuture(JsonRpcException.inExchange(JsonRpcException.INVALID_PARAMS, "Unknown tool: '" + name + "'")));
        }
        boolean forwarding = g.config().upstreams().stream().anyMatch(UpstreamSpec::forwardIdentity);
        Caller caller = new Caller(allowed, forwarding ? call.principal().toMeta() : null);
        return g.tools().call(name, params, progress, caller).map(result -> {
            call.cancellation().onSuccess(v -> result.cancel(false));
            return Future.fromCompletionStage(result, context);
        });
    }

    /** Ends the healing tools' upstream sessions, once the proxy has closed every agent session. */
    @Override
    public Future<Void> close() {
        return upstreams.close();
    }

    /**
     * Runs {@code action} on the endpoint's context: at once when already there, so a progress line
     * written while the call completes on this context still goes out before the result; else queued,
     * ahead of the result, which is queued after it.
     */
    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
