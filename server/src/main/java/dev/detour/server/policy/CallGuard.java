package dev.detour.server.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ToolError;
import dev.detour.router.time.Ticker;
import dev.detour.server.audit.AuditLog;
import dev.detour.server.identity.Principal;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.McpExchange;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The identity checks the proxy makes on a request, in one place: what the caller may see and call
 * ({@link #access}), its rate and concurrency limits and the audit line of each tool call
 * ({@link #admit}), and what of its identity an upstream gets ({@link #sanitize}, {@link #forwarding}).
 * The proxy calls these at its hook points; the decisions are made here. Thread-safe.
 */
public final class CallGuard {

    /** The {@code _meta} key of the principal an upstream with {@code forwardIdentity: true} receives. */
    public static final String PRINCIPAL_META = "dev.detour/principal";
    /** The {@code _meta} key of the healing route in a result, where the providers tried are read from. */
    static final String ROUTE_META = "dev.detour/route";

    /** Everything allowed, nothing limited, nothing audited: plain {@code detour proxy}. */
    public static final CallGuard NONE = new CallGuard(p -> Access.ALL, PrincipalLimits.NONE, AuditLog.NONE, Set.of(), () -> 0L,
            InstantSource.system());

    private final Function<Principal, Access> access;
    private final PrincipalLimits limits;
    private final AuditLog audit;
    private final Set<String> forwardIdentity;
    private final Ticker ticker;
    private final InstantSource clock;

    /**
     * @param access          what a principal may use (the current config's policy)
     * @param limits          per-principal call limits
     * @param audit           where every tool call's line goes
     * @param forwardIdentity the upstreams that receive {@link #PRINCIPAL_META}
     * @param ticker          call latencies
     * @param clock           audit time stamps
     */
    public CallGuard(Function<Principal, Access> access, PrincipalLimits limits, AuditLog audit, Set<String> forwardIdentity, Ticker ticker,
            InstantSource clock) {
        this.access = access;
        this.limits = limits;
        this.audit = audit;
        this.forwardIdentity = Set.copyOf(forwardIdentity);
        this.ticker = ticker;
        this.clock = clock;
    }

    /** What {@code principal} may list and call. */
    public Access access(Principal principal) {
        return access.apply(principal);
    }

    /**
     * Removes {@link #PRINCIPAL_META} from a client's request: only Detour says who a caller is, so an
     * upstream that trusts the key can never be told a made-up identity.
     */
    public void sanitize(ObjectNode request) {
        if (request.path("params").path("_meta") instanceof ObjectNode meta) {
            meta.remove(PRINCIPAL_META);
        }
    }

    /**
     * A request goes to {@code upstream}: when it forwards identity, {@code params._meta} gets the
     * principal; the audit line of the call notes the upstream tool.
     */
    public void forwarding(McpExchange exchange, String upstream, String original, ObjectNode params) {
        if (forwardIdentity.contains(upstream) && params != null) {
            params.with("_meta").set(PRINCIPAL_META, JsonRpc.MAPPER.valueToTree(exchange.principal().toMeta()));
        }
        if (exchange instanceof GuardedCall call) {
            call.providers.add(original + "@" + upstream);
        }
    }

    /** The call on {@code exchange} names something its principal may not use: it is answered as unknown, and audited as denied. */
    public void denied(McpExchange exchange) {
        if (exchange instanceof GuardedCall call) {
            call.denied = true;
        }
    }

    /**
     * Admits a {@code tools/call}: its principal's limits, then the call runs on the returned exchange,
     * which releases the permit and writes the audit line when it is answered or the client leaves.
     *
     * @return empty when refused — the client has then been answered with SERF {@code RATE_LIMITED}
     */
    public Optional<McpExchange> admit(ObjectNode request, McpExchange exchange) {
        String tool = request.path("params").path("name").asText("");
        PrincipalLimits.Admission admission = limits.admit(exchange.principal(), tool);
        if (admission.permit().isEmpty()) {
            ToolError refusal = admission.refusal();
            exchange.reply(JsonRpc.result(request.get("id"), errorResult(refusal)));
            line(exchange.principal(), tool, List.of(), refusal.category().name(), 0, null, request, null);
            return Optional.empty();
        }
        return Optional.of(new GuardedCall(exchange, request, admission.permit().get()));
    }

    private static ObjectNode errorResult(ToolError error) {
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", error.message());
        result.set("structuredContent", JsonRpc.MAPPER.valueToTree(error.toMap()));
        result.put("isError", true);
        return result;
    }

    private void line(Principal principal, String tool, List<String> providers, String outcome, long nanos, String traceId, ObjectNode request,
            JsonNode result) {
        if (!audit.enabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("type", "call");
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("sub", principal.subject());
        who.put("tenant", principal.tenant());
        who.put("method", principal.method().name());
        line.put("principal", who);
        line.put("tool", tool);
        line.put("providers", providers);
        line.put("outcome", outcome);
        line.put("latencyMillis", nanos / 1_000_000.0);
        line.put("traceId", traceId);
        if (audit.logsArguments()) {
            line.put("arguments", request.path("params").get("arguments"));
        }
        if (audit.logsResults() && result != null) {
            line.put("result", result);
        }
        audit.write(line);
    }

    /** One admitted tool call: answered through here, so its permit is released and its line written once. */
    private final class GuardedCall implements McpExchange {
        private final McpExchange delegate;
        private final ObjectNode request;
        private final PrincipalLimits.Permit permit;
        private final long started = ticker.nanos();
        private final List<String> providers = new ArrayList<>();
        private boolean denied;
        private boolean finished;

        GuardedCall(McpExchange delegate, ObjectNode request, PrincipalLimits.Permit permit) {
            this.delegate = delegate;
            this.request = request;
            this.permit = permit;
            delegate.onClientGone(() -> finish(null));
        }

        @Override
        public Principal principal() {
            return delegate.principal();
        }

        @Override
        public boolean send(ObjectNode message) {
            return delegate.send(message);
        }

        @Override
        public void openStream() {
            delegate.openStream();
        }

        @Override
        public void reply(ObjectNode response) {
            finish(response);
            delegate.reply(response);
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void onClientGone(Runnable action) {
            delegate.onClientGone(() -> {
                finish(null);
                action.run();
            });
        }

        private void finish(ObjectNode response) {
            if (finished) {
                return;
            }
            finished = true;
            permit.release();
            String outcome;
            String traceId = null;
            List<String> tried = new ArrayList<>(providers);
            JsonNode result = response == null ? null : response.get("result");
            if (response == null) {
                outcome = "CLIENT_GONE";
            } else if (denied) {
                outcome = "DENIED";
            } else if (response.has("error")) {
                outcome = "JSONRPC_ERROR_" + response.path("error").path("code").asInt();
            } else {
                JsonNode route = result.path("_meta").path(ROUTE_META);
                if (route.isObject()) {
                    traceId = route.path("traceId").asText(null);
                    tried.clear();
                    route.path("failed").forEach(f -> tried.add(f.path("provider").asText()));
                    if (route.hasNonNull("provider") && !tried.contains(route.path("provider").asText())) {
                        tried.add(route.path("provider").asText());
                    }
                }
                outcome = !result.path("isError").asBoolean(false) ? "OK"
                        : result.path("structuredContent").path("category").asText("TOOL_ERROR");
            }
            line(delegate.principal(), request.path("params").path("name").asText(""), tried, outcome, ticker.nanos() - started, traceId,
                    request, result);
        }
    }
}
