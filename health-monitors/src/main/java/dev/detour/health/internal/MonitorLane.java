package dev.detour.health.internal;

import dev.detour.health.HealthBoard;
import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.health.MonitorEvent;
import dev.detour.health.MonitorEvent.MonitorFailed.Kind;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitor's mailbox and the single drain that feeds it, so calls into a monitor are never
 * concurrent and a slow monitor backs up only its own queue.
 *
 * <p>Producers (request threads, the runner's tick, probe completions) enqueue and, when no drain is
 * scheduled, schedule one — the drain-status flag pattern Caffeine uses for its buffers. Outcomes
 * schedule the drain {@code drainDelay} later, so one hand-off to the scheduler serves every call of
 * that interval and a request thread usually pays only a queue offer and a flag read; evaluations and
 * posted tasks are handed over at once. The drain runs a bounded batch and then yields, so monitors
 * sharing an executor take turns.
 */
public final class MonitorLane implements MonitorContext {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorLane.class);
    private static final long IDLE = Long.MIN_VALUE;
    private static final int BATCH = 256;

    private final HealthMonitor monitor;
    private final String name;
    private final HealthBoard board;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final InstantSource clock;
    private final int capacity;
    private final Duration drainDelay;
    private final Consumer<MonitorEvent> events;
    private final Queue<Object> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedOutcomes = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean evaluationQueued = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private final Runnable evaluation;
    private long droppedReported;
    private volatile long busySince = IDLE;
    private volatile boolean stallReported;
    private volatile boolean accepting;
    private volatile boolean closed;

    public MonitorLane(HealthMonitor monitor, HealthBoard board, Scheduler scheduler, Ticker ticker, InstantSource clock,
            int capacity, Duration drainDelay, Consumer<MonitorEvent> events) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.name = Objects.requireNonNull(monitor.name(), "monitor.name()");
        this.board = board;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.clock = clock;
        this.capacity = capacity;
        this.drainDelay = drainDelay;
        this.events = events;
        this.evaluation = () -> {
            evaluationQueued.set(false);
            monitor.evaluate(ticker.nanos());
        };
    }

    public String name() {
        return name;
    }

    /** Queues one outcome; never blocks. Drops it (and counts the drop) when the mailbox is full. */
    public void offer(Observation observation) {
        if (!accepting) {
            return;
        }
        if (queuedOutcomes.incrementAndGet() > capacity) {
            queuedOutcomes.decrementAndGet();
            dropped.increment();
            return;
        }
        mailbox.offer(observation);
        scheduleDrain(drainDelay);
    }

    /** Outcomes dropped so far because the mailbox was full. */
    public long droppedOutcomes() {
        return dropped.sum();
    }

    /** Queues one {@link HealthMonitor#evaluate} unless one is already waiting. */
    public void requestEvaluation() {
        if (evaluationQueued.compareAndSet(false, true)) {
            post(evaluation);
        }
    }

    /**
     * Reports a stalled drain (once per busy period) and outcomes dropped since the last check.
     * Called from the runner's tick, which is not this lane's thread.
     */
    public void watch(long nowNanos, long stallThresholdNanos) {
        long since = busySince;
        if (since != IDLE && nowNanos - since > stallThresholdNanos && !stallReported) {
            stallReported = true;
            fail(Kind.STALLED, null, "busy with one batch for " + (nowNanos - since) / 1_000_000 + " ms", null);
        }
        long drops = dropped.sum();
        if (drops > droppedReported) {
            fail(Kind.OVERLOADED, null, (drops - droppedReported) + " outcomes dropped: mailbox of " + capacity + " full", null);
            droppedReported = drops;
        }
    }

    /** Starts the monitor on this lane and starts accepting work; until then outcomes are ignored. */
    public void open() {
        monitor.start(this);
        accepting = true;
    }

    /** Stops accepting work; whatever is queued is discarded and later signals are ignored. */
    public void close() {
        accepting = false;
        closed = true;
        mailbox.clear();
    }

    @Override
    public void emit(HealthSignal signal) {
        if (!closed) {
            board.offer(name, signal);
        }
    }

    @Override
    public void withdraw(String tool, String reason) {
        if (!closed) {
            board.withdraw(name, tool, reason);
        }
    }

    @Override
    public void post(Runnable task) {
        if (!accepting) {
            return;
        }
        mailbox.offer(Objects.requireNonNull(task, "task"));
        scheduleDrain(Duration.ZERO);
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    private void scheduleDrain(Duration delay) {
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                if (delay.isZero()) {
                    scheduler.execute(this::drain);
                } else {
                    scheduler.schedule(this::drain, delay);
                }
            } catch (RuntimeException e) {
                drainScheduled.set(false);
                fail(Kind.THREW, null, "could not schedule the monitor: " + e, e);
            }
        }
    }

    private void drain() {
        busySince = ticker.nanos();
        stallReported = false;
        int outcomes = 0;
        try {
            Object message;
            for (int i = 0; i < BATCH && (message = mailbox.poll()) != null; i++) {
                if (message instanceof Observation) {
                    outcomes++;
                }
                handle(message);
            }
        } finally {
            // One update per batch, not per outcome: the counter is shared with producers on request
            // threads, and a per-item decrement would bounce its cache line on every call.
            queuedOutcomes.addAndGet(-outcomes);
            busySince = IDLE;
            drainScheduled.set(false);
            if (!mailbox.isEmpty()) {
                scheduleDrain(Duration.ZERO);
            }
        }
    }

    private void handle(Object message) {
        @Nullable String tool = null;
        try {
            if (message instanceof Observation o) {
                tool = o.tool();
                monitor.onOutcome(o.tool(), o.outcome(), o.latencyNanos(), o.atNanos());
            } else {
                ((Runnable) message).run();
            }
        } catch (RuntimeException e) {
            fail(Kind.THREW, tool, e.toString(), e);
        }
    }

    private void fail(Kind kind, @Nullable String tool, String detail, @Nullable Throwable cause) {
        LOG.warn("health monitor '{}' {}{}: {}", name, kind, tool == null ? "" : " on tool " + tool, detail, cause);
        events.accept(new MonitorEvent.MonitorFailed(name, kind, tool, detail, cause, clock.instant()));
    }
}
