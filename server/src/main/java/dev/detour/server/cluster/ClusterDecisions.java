package dev.detour.server.cluster;

import dev.detour.router.escalate.DecisionKey;
import dev.detour.router.escalate.DecisionStore;
import dev.detour.router.escalate.EscalationDecision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Lock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation decision cache shared by every member of the cluster, so a dead end hit on three
 * replicas at once costs one LLM call, not three. A {@link DecisionStore} for router-core's {@code
 * CachingEscalationPolicy}.
 *
 * <p>Decisions live in the Vert.x cluster-wide map {@value #MAP} (a Hazelcast {@code IMap} under the
 * Hazelcast cluster manager), keyed by the SHA-256 of the namespace and the {@link DecisionKey}'s
 * canonical JSON, valued by the decision's JSON ({@code {"action":"demote","goal":…,"rationale":…}} or
 * {@code {"action":"escalate","reason":…}}), each entry with a TTL so no decision outlives the
 * outage it was made for by long. A miss takes the cluster-wide lock {@code detour.decision.<hash>}
 * before asking: the member that gets it first asks, the others wait on the lock and then find the
 * decision in the map. Requests on one member share that member's lookup, so only one of them waits.
 *
 * <p>Faults never block a decision: when the map or the lock cannot be reached (or the lock is not
 * granted within its timeout — a holder that left releases it with its membership), the member asks
 * on its own. A failed decision is not kept.
 */
public final class ClusterDecisions implements DecisionStore {

    /** The cluster-wide map the decisions are kept in. */
    public static final String MAP = "detour.decisions";

    /** 10 min: how long a shared decision is kept; a health change makes a new key long before. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private static final String LOCK_PREFIX = "detour.decision.";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDecisions.class);

    private final Vertx vertx;
    private final Map<?, ?> entries;
    private final String namespace;
    private final Duration ttl;
    private final Duration lockTimeout;
    private final Map<String, CompletableFuture<Found>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param cluster     this member's cluster
     * @param namespace   what the decisions were made by (e.g. provider and model): another namespace
     *                    never sees them, so a different model decides afresh
     * @param ttl         how long a decision is kept
     * @param lockTimeout how long a member waits for another member's decision before asking itself;
     *                    longer than a decision takes (the LLM timeout)
     */
    public ClusterDecisions(DetourCluster cluster, String namespace, Duration ttl, Duration lockTimeout) {
        this.vertx = cluster.vertx();
        this.entries = cluster.syncMap(MAP);
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.ttl = positive(ttl, "ttl");
        this.lockTimeout = positive(lockTimeout, "lockTimeout");
    }

    @Override
    public CompletionStage<Found> find(DecisionKey key, Supplier<CompletionStage<EscalationDecision>> decide) {
        String hash = hash(key);
        CompletableFuture<Found> mine = new CompletableFuture<>();
        CompletableFuture<Found> shared = inFlight.putIfAbsent(hash, mine);
        if (shared != null) {
            return shared.thenApply(found -> new Found(found.decision(), true));
        }
        lookup(hash, decide).onComplete((found, failure) -> {
            inFlight.remove(hash, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(found);
            }
        });
        return mine.copy();
    }

    /** Decisions in the cluster-wide map now, made under any namespace; 0 when it cannot be read. */
    @Override
    public int size() {
        try {
            return entries.size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private Future<Found> lookup(String hash, Supplier<CompletionStage<EscalationDecision>> decide) {
        return attempt(() -> vertx.sharedData().<String, String>getClusterWideMap(MAP)).transform(got -> {
            if (got.failed()) {
                LOG.warn("the shared decision cache is unreachable ({}); deciding here", got.cause().getMessage());
                return decided(decide).map(d -> new Found(d, false));
            }
            AsyncMap<String, String> map = got.result();
            return stored(map, hash).compose(stored -> stored != null
                    ? Future.succeededFuture(new Found(decode(stored), true))
                    : attempt(() -> vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + hash, lockTimeout.toMillis()))
                            .recover(noLock -> {
                                LOG.warn("no cluster-wide lock on a shared decision within {} ms ({}); deciding here",
                                        lockTimeout.toMillis(), noLock.getMessage());
                                return Future.succeededFuture(null);
                            })
                            .compose(lock -> underLock(map, hash, lock, decide)));
        });
    }

    /** Holding the lock (or none, when it was not granted): another member may have decided meanwhile. */
    private Future<Found> underLock(AsyncMap<String, String> map, String hash, Lock lock, Supplier<CompletionStage<EscalationDecision>> decide) {
        Future<Found> found = stored(map, hash).compose(stored -> stored != null
                ? Future.succeededFuture(new Found(decode(stored), true))
                : decided(decide).compose(d -> attempt(() -> map.put(hash, encode(d), ttl.toMillis())).transform(put -> {
                    if (put.failed()) {
                        LOG.warn("a decision could not be shared ({}); it is used here only", put.cause().getMessage());
                    }
                    return Future.succeededFuture(new Found(d, false));
                })));
        return found.onComplete((f, failure) -> {
            if (lock != null) {
                try {
                    lock.release();
                } catch (RuntimeException e) {
                    LOG.debug("the cluster-wide lock could not be released; Hazelcast frees it with its member", e);
                }
            }
        });
    }

    /** The stored decision's JSON, or null when there is none — or the map cannot be read, which is then no reason to fail. */
    private static Future<String> stored(AsyncMap<String, String> map, String hash) {
        return attempt(() -> map.get(hash)).recover(unreachable -> {
            LOG.warn("the shared decision cache is unreachable ({}); deciding here", unreachable.getMessage());
            return Future.succeededFuture(null);
        });
    }

    /** {@code operation}'s future; a failed one when it throws — a cluster manager whose Hazelcast is gone throws at once. */
    private static <T> Future<T> attempt(Supplier<Future<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static Future<EscalationDecision> decided(Supplier<CompletionStage<EscalationDecision>> decide) {
        try {
            return Future.fromCompletionStage(decide.get());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private String hash(DecisionKey key) {
        JsonObject canonical = new JsonObject().put("namespace", namespace).put("graph", key.graph()).put("goal", key.goal())
                .put("reachable", new JsonArray(key.reachable()));
        JsonObject health = new JsonObject();
        key.health().forEach(health::put); // in the key's sorted order, so equal keys encode alike
        canonical.put("health", health);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.encode().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The wire shape of a shared decision. Changing it is a format change between replicas of different versions. */
    static String encode(EscalationDecision decision) {
        JsonObject json = switch (decision) {
            case EscalationDecision.DemoteTo d -> new JsonObject().put("action", "demote").put("goal", d.goal()).put("rationale", d.rationale());
            case EscalationDecision.Escalate e -> new JsonObject().put("action", "escalate").put("reason", e.reason());
        };
        return json.encode();
    }

    /** @throws RuntimeException when {@code json} is not a decision */
    static EscalationDecision decode(String json) {
        JsonObject o = new JsonObject(json);
        return switch (o.getString("action")) {
            case "demote" -> new EscalationDecision.DemoteTo(o.getString("goal"), o.getString("rationale"));
            case "escalate" -> new EscalationDecision.Escalate(o.getString("reason"));
            case null, default -> throw new IllegalArgumentException("unknown action " + o.getString("action"));
        };
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}
