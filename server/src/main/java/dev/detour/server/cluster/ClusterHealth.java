package dev.detour.server.cluster;

import dev.detour.health.HealthBoard;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorListener;
import dev.detour.health.SignalAggregation;
import dev.detour.health.SignalAggregation.Opinion;
import dev.detour.health.breaker.BreakerMonitor;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares this replica's health verdicts with the other members of its Vert.x cluster, and applies
 * theirs to this replica's {@link HealthBoard} — so a replica that never called a dead tool routes
 * around it as soon as another replica's monitors have found it dead.
 *
 * <p><b>Out:</b> a {@link MonitorListener} of this replica's monitor runner. On every change of a local
 * monitor's signal it computes the <em>local verdict</em> on that tool — {@link SignalAggregation} over
 * the local monitors' signals only — and publishes it on {@link #ADDRESS} when it routes differently
 * from the last one published. Non-healthy verdicts are published again every third of the TTL, which
 * keeps the other members' copies fresh and lets a member that joined later catch up.
 *
 * <p><b>In:</b> another member's verdict enters the board as the signal of monitor {@code
 * cluster:<origin>}, at the origin's priority, and the usual aggregation weighs it against the local
 * monitors; a HEALTHY verdict withdraws it. A verdict not refreshed within the TTL is withdrawn: its
 * origin stopped or is cut off, and a stale verdict must not keep a tool out of routing.
 *
 * <p><b>Recovery trials:</b> a verdict from a half-open breaker is a <em>trial</em> verdict: its origin lets
 * calls through to decide between closing and re-opening. Only one member of the cluster — the tool's
 * {@link TrialOwner} among the members currently holding it down — should send those calls; on every
 * other member a received trial verdict applies as UNAVAILABLE, so they keep the tool down until the
 * owner's HEALTHY verdict (or its expiry, or its departure) moves the trials on. Once a member has
 * passed a tool's trials, the trial verdicts other holders still publish apply as they are for one TTL:
 * the tool has been shown to work, and their breakers catch up on their own calls.
 *
 * <p><b>Departures:</b> {@link #membersChanged} withdraws the verdicts of members that left at once,
 * rather than after their TTL.
 *
 * <p><b>No echo:</b> received verdicts never count towards the local verdict, and a member ignores its
 * own publications (an event-bus publish reaches local consumers too). <b>No dependence:</b> local
 * monitors write the board directly; when the cluster goes away only the remote signals expire.
 *
 * <p>Thread-safe. Received verdicts and expiry run on one Vert.x context, so they never race each
 * other; local events come from monitor lanes, inside the board's lock.
 */
public final class ClusterHealth implements MonitorListener, AutoCloseable {

    /** The event-bus address verdicts are published on. */
    public static final String ADDRESS = "detour.health.verdicts";

    /**
     * The event-bus address a member announces itself on once subscribed. The others answer by
     * re-publishing their current verdicts at once, so a member that (re)joins catches up without
     * waiting for the next refresh, and every pair of members has a connection before the first
     * verdict must travel.
     */
    public static final String JOINED_ADDRESS = "detour.health.joined";

    /** Prefix of the board's monitor names for verdicts received from other members. */
    public static final String REMOTE_MONITOR_PREFIX = "cluster:";

    /** 10 s: how long a received verdict holds without being re-published by its origin. */
    public static final Duration DEFAULT_VERDICT_TTL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterHealth.class);

    private final Vertx vertx;
    private final String origin;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final long ttlNanos;
    private final Duration refreshInterval;
    private final Context context;
    private final Object lock = new Object();
    /** The last local verdict published per tool; healthy ones are dropped. Guarded by {@link #lock}. */
    private final Map<String, ClusterVerdict> published = new HashMap<>();
    /** Verdicts received, by origin and tool. Touched on {@link #context} only. */
    private final Map<String, Received> received = new HashMap<>();
    /**
     * Tools whose trials some member passed, until when (this replica's ticker): the trial verdicts the
     * other holders still publish are their breakers catching up, not a reason to keep the tool down.
     * Touched on {@link #context} only.
     */
    private final Map<String, Long> recoveredUntil = new HashMap<>();
    private long sequence;
    private boolean closed;
    private Scheduler.Cancellable refresh;
    private volatile HealthBoard board;
    private MessageConsumer<JsonObject> consumer;
    private MessageConsumer<JsonObject> joinedConsumer;

    /**
     * @param vertx     a clustered Vert.x
     * @param origin    this member's name in verdicts (its cluster node id), unique in the cluster
     * @param ticker    measures received verdicts' age (this replica's monotonic clock, not the origin's)
     * @param scheduler runs the refresh and expiry round every third of {@code ttl}
     * @param ttl       how long a received verdict holds unless refreshed
     */
    public ClusterHealth(Vertx vertx, String origin, Ticker ticker, Scheduler scheduler, Duration ttl) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.refreshInterval = ttl.dividedBy(3);
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Subscribes to the other members' verdicts, announces this member on {@link #JOINED_ADDRESS} and
     * starts the refresh and expiry round. The future completes once the subscriptions have reached
     * the cluster, so verdicts published after it arrive.
     */
    public Future<Void> start() {
        Promise<Void> subscribed = Promise.promise();
        context.runOnContext(v -> {
            consumer = vertx.eventBus().consumer(ADDRESS, message -> receive(message.body()));
            joinedConsumer = vertx.eventBus().consumer(JOINED_ADDRESS, message -> joined(message.body()));
            Future.all(consumer.completion(), joinedConsumer.completion()).<Void>mapEmpty().onComplete(subscribed);
        });
        synchronized (lock) {
            refresh = scheduler.schedule(this::round, refreshInterval);
        }
        return subscribed.future().onSuccess(v -> vertx.eventBus().publish(JOINED_ADDRESS, new JsonObject().put("origin", origin)));
    }

    /**
     * Makes {@code board} the one verdicts are read from and written to — the running monitor runner's;
     * called again when a reload replaces the runner. Received verdicts still current are applied to it.
     */
    public void attach(HealthBoard board) {
        this.board = Objects.requireNonNull(board, "board");
        context.runOnContext(v -> received.values().stream().map(r -> r.verdict().tool()).distinct().toList().forEach(this::reapply));
    }

    /** This member's name in the verdicts it publishes. */
    public String origin() {
        return origin;
    }

    @Override
    public void onEvent(MonitorEvent event) {
        if (!(event instanceof MonitorEvent.SignalChanged changed) || changed.monitor().startsWith(REMOTE_MONITOR_PREFIX)) {
            return; // received verdicts are never passed on: that is what keeps verdicts from echoing
        }
        HealthBoard current = board;
        if (current == null) {
            return;
        }
        List<Opinion> local = current.opinions(changed.tool()).stream().filter(o -> !o.monitor().startsWith(REMOTE_MONITOR_PREFIX)).toList();
        Optional<Opinion> winner = SignalAggregation.winner(local);
        ToolHealth status = SignalAggregation.applied(winner);
        int priority = winner.map(o -> o.signal().priority()).orElse(0);
        String reason = winner.map(o -> o.monitor() + ": " + o.signal().reason()).orElse(changed.monitor() + ": " + changed.reason());
        boolean trial = winner.map(o -> o.monitor().equals(BreakerMonitor.NAME) && o.signal().status() instanceof ToolHealth.Degraded)
                .orElse(false);
        ClusterVerdict last;
        synchronized (lock) {
            if (closed) {
                return; // stopping: say nothing rather than announce a recovery nobody observed
            }
            last = published.get(changed.tool());
            if (HealthSignal.sameState(last == null ? ToolHealth.healthy() : last.status(), status) && (last == null || last.trial() == trial)) {
                return;
            }
            ClusterVerdict verdict = new ClusterVerdict(origin, ++sequence, changed.tool(), status, priority, reason, changed.at(), trial);
            if (status instanceof ToolHealth.Healthy) {
                published.remove(changed.tool());
            } else {
                published.put(changed.tool(), verdict);
            }
            publish(ADDRESS, verdict.toJson());
        }
        boolean recovered = last != null && last.trial() && status instanceof ToolHealth.Healthy;
        // whether this member holds the tool down decides who owns its trials
        context.runOnContext(v -> {
            if (recovered) {
                recoveredUntil.put(changed.tool(), ticker.nanos() + ttlNanos);
            }
            reapply(changed.tool());
        });
    }

    /**
     * Withdraws at once the verdicts of members no longer in {@code nodes} (the cluster's node ids now):
     * a member that left cannot hold a tool down any more, nor run its trials.
     */
    public void membersChanged(Collection<String> nodes) {
        Set<String> present = Set.copyOf(nodes);
        context.runOnContext(v -> {
            HealthBoard current = board;
            for (Iterator<Received> it = received.values().iterator(); it.hasNext(); ) {
                ClusterVerdict verdict = it.next().verdict();
                if (!present.contains(verdict.origin())) {
                    it.remove();
                    if (current != null) {
                        current.withdraw(monitorName(verdict.origin()), verdict.tool(), "member " + verdict.origin() + " left the cluster");
                    }
                    reapply(verdict.tool());
                }
            }
        });
    }

    /** Stops publishing and receiving. Verdicts this member published expire on the others by their TTL. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (refresh != null) {
                refresh.cancel();
            }
        }
        context.runOnContext(v -> {
            if (consumer != null) {
                consumer.unregister();
                joinedConsumer.unregister();
            }
        });
    }

    private void joined(JsonObject body) {
        String member = body.getString("origin");
        if (member == null || member.equals(origin) || body.getBoolean("answer", false)) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            // the answer opens this member's connection to the newcomer; a newcomer never answers an answer
            publish(JOINED_ADDRESS, new JsonObject().put("origin", origin).put("answer", true));
            republish();
        }
    }

    private void receive(JsonObject body) {
        ClusterVerdict verdict;
        try {
            verdict = ClusterVerdict.fromJson(body);
        } catch (RuntimeException e) {
            LOG.warn("ignored a malformed health verdict on {}: {} ({})", ADDRESS, body, e.getMessage());
            return;
        }
        if (verdict.origin().equals(origin)) {
            return;
        }
        String key = verdict.origin() + '\n' + verdict.tool();
        Received previous = received.get(key);
        if (previous != null && verdict.sequence() <= previous.verdict().sequence()) {
            return; // a late duplicate or an older verdict overtaken by a newer one
        }
        HealthBoard current = board;
        if (verdict.status() instanceof ToolHealth.Healthy) {
            if (previous != null && previous.verdict().trial()) {
                recoveredUntil.put(verdict.tool(), ticker.nanos() + ttlNanos);
            }
            received.remove(key);
            if (current != null) {
                current.withdraw(monitorName(verdict.origin()), verdict.tool(), verdict.reason());
            }
        } else {
            received.put(key, new Received(verdict, ticker.nanos() + ttlNanos));
        }
        reapply(verdict.tool());
    }

    private void round() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            refresh = scheduler.schedule(this::round, refreshInterval);
            republish();
        }
        context.runOnContext(v -> expire());
    }

    /** Publishes on the event bus; never throws, since a cut-off member's local health must keep working. */
    private void publish(String address, JsonObject body) {
        try {
            vertx.eventBus().publish(address, body);
        } catch (RuntimeException e) {
            LOG.warn("could not publish on {} ({}): the other members will let this member's verdicts expire", address, e.getMessage());
        }
    }

    private void republish() {
        for (ClusterVerdict verdict : published.values()) {
            publish(ADDRESS, verdict.withSequence(++sequence).toJson());
        }
    }

    private void expire() {
        long now = ticker.nanos();
        HealthBoard current = board;
        for (Iterator<Received> it = received.values().iterator(); it.hasNext(); ) {
            Received r = it.next();
            if (now - r.expiresAtNanos() >= 0) {
                it.remove();
                if (current != null) {
                    current.withdraw(monitorName(r.verdict().origin()), r.verdict().tool(), "verdict from " + r.verdict().origin()
                            + " expired: not refreshed within " + Duration.ofNanos(ttlNanos).toMillis() + " ms");
                }
                reapply(r.verdict().tool());
            }
        }
    }

    /**
     * Offers the received verdicts on {@code tool} to the board again, as the trial owner sees them now:
     * on a member that does not own the tool's trials, a trial verdict applies as UNAVAILABLE.
     */
    private void reapply(String tool) {
        HealthBoard current = board;
        List<ClusterVerdict> onTool = received.values().stream().map(Received::verdict).filter(v -> v.tool().equals(tool)).toList();
        if (current == null || onTool.isEmpty()) {
            return;
        }
        Set<String> holders = new HashSet<>();
        onTool.forEach(v -> holders.add(v.origin()));
        synchronized (lock) {
            if (published.containsKey(tool)) {
                holders.add(origin);
            }
        }
        String owner = TrialOwner.among(tool, holders).orElse(origin);
        Long recovered = recoveredUntil.get(tool);
        if (recovered != null && ticker.nanos() - recovered >= 0) {
            recoveredUntil.remove(tool);
            recovered = null;
        }
        boolean following = !owner.equals(origin) && recovered == null;
        for (ClusterVerdict verdict : onTool) {
            String reported = verdict.reason() + " (reported by " + verdict.origin() + ")";
            boolean held = verdict.trial() && following;
            ToolHealth status = held ? ToolHealth.unavailable("recovery trials run on " + owner) : verdict.status();
            String reason = held ? "recovery trials run on " + owner + "; " + reported : reported;
            current.offer(monitorName(verdict.origin()), new HealthSignal(tool, status, verdict.priority(), reason, verdict.at()));
        }
    }

    private static String monitorName(String origin) {
        return REMOTE_MONITOR_PREFIX + origin;
    }

    private record Received(ClusterVerdict verdict, long expiresAtNanos) {
    }
}
