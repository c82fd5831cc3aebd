package dev.detour.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.Scheduler;
import dev.detour.server.heal.UpstreamDirectory;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.mcp.ProtocolRevision;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.UpstreamSpec;
import dev.detour.server.upstream.UpstreamTransports;
import dev.detour.server.upstream.stdio.StdioSupervisorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream sessions healing tools call through: one Detour-owned session per upstream, shared by
 * every agent session (health is per upstream tool, not per agent). An upstream that cannot be
 * reached when Detour connects is retried with exponential backoff, so an upstream that comes up
 * after Detour joins without a restart; until then its calls fail before they leave Detour (side
 * effects {@code NONE}), which logical tools fail over from.
 *
 * <p>{@link #reconcile} follows a reloaded config's upstreams: a new upstream is connected (with the
 * same retries); a removed one is no longer retried nor found; a changed one (same name, other URL or
 * command) gets a new session that new calls find at once. A session that is no longer found is
 * closed once its calls have ended — at the latest after {@link UpstreamClientConfig#longestCall()},
 * as long as a call without progress can last — so a reload does not fail a call in flight. Unchanged
 * upstreams keep their session. Confined to one Vert.x context.
 */
final class HealingUpstreams implements UpstreamDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(HealingUpstreams.class);

    /** 1 s: the first retry of an upstream that was down when Detour connected. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** 30 s: retries of an upstream that stays down back off to this. */
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** What {@link #reconcile} changed, by upstream name, in config order. */
    record Changes(List<String> added, List<String> removed, List<String> changed) {

        Changes {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
        }

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    private final Context context;
    private final UpstreamTransports transports;
    private final UpstreamClientConfig clientConfig;
    private final Scheduler scheduler;
    private final Map<String, UpstreamSpec> specs = new LinkedHashMap<>();
    private final Map<String, UpstreamClient> clients = new HashMap<>();
    private final Map<String, Long> retryTimers = new HashMap<>();
    /** Sessions no longer in the directory, waiting for their calls to end. */
    private final Set<UpstreamClient> retiring = new HashSet<>();
    private boolean closed;

    /** Sessions on {@code context}, over transports of their own ({@code stdio} for command upstreams). */
    HealingUpstreams(Context context, StdioSupervisorConfig stdio, UpstreamClientConfig clientConfig, Scheduler scheduler) {
        this.context = context;
        this.scheduler = scheduler;
        this.transports = new UpstreamTransports(context.owner(), stdio);
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

    /**
     * Makes {@code upstreams} the directory's upstreams; on the context. Returns at once: new and
     * changed upstreams are connecting, and a call that comes meanwhile waits for its session as a
     * call during a reconnect does ({@link UpstreamClientConfig#readyWait()}).
     */
    Changes reconcile(List<UpstreamSpec> upstreams) {
        if (closed) {
            return new Changes(List.of(), List.of(), List.of()); // shutting down: nothing to connect any more
        }
        Map<String, UpstreamSpec> wanted = new LinkedHashMap<>();
        upstreams.forEach(spec -> wanted.put(spec.name(), spec));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String name : List.copyOf(specs.keySet())) {
            if (!wanted.containsKey(name)) {
                removed.add(name);
                specs.remove(name);
                retire(name);
            }
        }
        for (UpstreamSpec spec : wanted.values()) {
            UpstreamSpec serving = specs.get(spec.name());
            if (serving == null) {
                added.add(spec.name());
                connect(spec, FIRST_RETRY);
            } else if (!serving.equals(spec)) {
                changed.add(spec.name());
                retire(spec.name());
                connect(spec, FIRST_RETRY);
            }
        }
        return new Changes(added, removed, changed);
    }

    private Future<Void> connect(UpstreamSpec spec, Duration nextRetry) {
        UpstreamClient client = new UpstreamClient(spec.name(), transports.open(spec), context, scheduler, clientConfig, new Refusals());
        specs.put(spec.name(), spec);
        clients.put(spec.name(), client);
        return client.connect(initializeParams()).<Void>mapEmpty().onFailure(e -> {
            if (closed || clients.get(spec.name()) != client) {
                return; // shutting down, or a reload replaced or removed this upstream meanwhile
            }
            LOG.warn("upstream '{}' is not reachable ({}); retrying in {} ms", spec.name(), e.getMessage(), nextRetry.toMillis());
            retryTimers.put(spec.name(), context.owner().setTimer(nextRetry.toMillis(), t -> {
                retryTimers.remove(spec.name());
                if (!closed && clients.get(spec.name()) == client) {
                    Duration after = nextRetry.multipliedBy(2);
                    connect(spec, after.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : after);
                }
            }));
        });
    }

    /** Takes an upstream's session out of the directory and closes it once its calls have ended. */
    private void retire(String name) {
        Long retry = retryTimers.remove(name);
        if (retry != null) {
            context.owner().cancelTimer(retry);
        }
        UpstreamClient old = clients.remove(name);
        if (old == null) {
            return;
        }
        retiring.add(old);
        old.drained(clientConfig.longestCall()).onComplete(drained -> {
            if (retiring.remove(old)) {
                old.close();
                LOG.info("upstream '{}': the session of the previous configuration is closed (its calls have ended)", name);
            }
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
    public boolean forwardsIdentity(String upstream) {
        UpstreamSpec spec = specs.get(upstream);
        return spec != null && spec.forwardIdentity();
    }

    @Override
    public Optional<UpstreamClient> client(String upstream) {
        return Optional.ofNullable(clients.get(upstream));
    }

    @Override
    public Context context() {
        return context;
    }

    /**
     * Ends every upstream session, including those still draining, stops retrying and closes the
     * transports; on the context.
     */
    Future<Void> close() {
        closed = true;
        retryTimers.values().forEach(context.owner()::cancelTimer);
        retryTimers.clear();
        List<UpstreamClient> all = new ArrayList<>(clients.values());
        all.addAll(retiring);
        retiring.clear();
        return Future.join(all.stream().map(UpstreamClient::close).toList()).otherwiseEmpty().eventually(transports::close).mapEmpty();
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
