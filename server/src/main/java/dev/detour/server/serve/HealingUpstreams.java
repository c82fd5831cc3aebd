package dev.detour.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.heal.UpstreamDirectory;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.ProtocolRevision;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.UpstreamSpec;
import dev.detour.server.upstream.UpstreamTransports;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream sessions healing tools call through: one Detour-owned session per upstream, shared by
 * every agent session (health is per upstream tool, not per agent). An upstream that cannot be
 * reached when Detour connects is retried with exponential backoff, so an upstream that comes up
 * after Detour joins without a restart; until then its calls fail before they leave Detour (side
 * effects {@code NONE}), which logical tools fail over from. Confined to one Vert.x context.
 */
final class HealingUpstreams implements UpstreamDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(HealingUpstreams.class);

    /** 1 s: the first retry of an upstream that was down when Detour connected. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** 30 s: retries of an upstream that stays down back off to this. */
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Context context;
    private final UpstreamTransports transports;
    private final UpstreamClientConfig clientConfig;
    private final Map<String, UpstreamClient> clients = new HashMap<>();
    private final List<Long> retryTimers = new ArrayList<>();
    private boolean closed;

    HealingUpstreams(Context context, UpstreamTransports transports, UpstreamClientConfig clientConfig) {
        this.context = context;
        this.transports = transports;
        this.clientConfig = clientConfig;
    }

    /**
     * Connects to every upstream; on the context. Succeeds once every first attempt has ended,
     * whatever its outcome (failed ones are retried in the background).
     */
    Future<Void> connectAll(List<UpstreamSpec> upstreams) {
        List<Future<Void>> attempts = new ArrayList<>();
        for (UpstreamSpec spec : upstreams) {
            attempts.add(connect(spec, FIRST_RETRY));
        }
        return Future.join(attempts).otherwiseEmpty().mapEmpty();
    }

    private Future<Void> connect(UpstreamSpec spec, Duration nextRetry) {
        UpstreamClient client = new UpstreamClient(spec.name(), transports.open(spec), context.owner(), clientConfig, new Refusals());
        clients.put(spec.name(), client);
        return client.connect(initializeParams()).<Void>mapEmpty().onFailure(e -> {
            if (closed) {
                return;
            }
            LOG.warn("upstream '{}' is not reachable ({}); retrying in {} ms", spec.name(), e.getMessage(), nextRetry.toMillis());
            long[] timer = new long[1];
            timer[0] = context.owner().setTimer(nextRetry.toMillis(), t -> {
                retryTimers.remove(timer[0]);
                if (!closed) {
                    Duration after = nextRetry.multipliedBy(2);
                    connect(spec, after.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : after);
                }
            });
            retryTimers.add(timer[0]);
        });
    }

    private static ObjectNode initializeParams() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", ProtocolRevision.LATEST_SESSION_REVISION.wireName());
        params.putObject("capabilities");
        String version = HealingUpstreams.class.getPackage().getImplementationVersion();
        params.putObject("clientInfo").put("name", "detour").put("version", version == null ? "dev" : version);
        return params;
    }

    @Override
    public Optional<UpstreamClient> client(String upstream) {
        return Optional.ofNullable(clients.get(upstream));
    }

    @Override
    public Context context() {
        return context;
    }

    /** Ends every upstream session and stops retrying; on the context. */
    Future<Void> close() {
        closed = true;
        retryTimers.forEach(context.owner()::cancelTimer);
        return Future.join(clients.values().stream().map(UpstreamClient::close).toList()).otherwiseEmpty().mapEmpty();
    }

    /**
     * These sessions belong to no agent: a sampling, elicitation or roots request has nobody to go to
     * and is refused; notifications (logs, list changes) are dropped — probes notice list changes.
     */
    private static final class Refusals implements UpstreamClient.Listener {
        @Override
        public void onServerRequest(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId) {
            ObjectNode refusal = JsonRpc.MAPPER.createObjectNode();
            refusal.putObject("error").put("code", JsonRpcException.METHOD_NOT_FOUND)
                    .put("message", "Detour's healing session has no client to relay " + JsonRpc.method(request) + " to");
            from.respond(request.get("id"), refusal);
        }

        @Override
        public void onNotification(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId) {
        }
    }
}
