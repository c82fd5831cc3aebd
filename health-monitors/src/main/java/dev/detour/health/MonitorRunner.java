package dev.detour.health;

import dev.detour.health.internal.MonitorLane;
import dev.detour.router.health.HealthView;
import dev.detour.router.spi.OutcomeListener;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs health monitors in parallel, off the request path, and keeps a {@link HealthView} true.
 *
 * <pre>{@code
 * HealthView health = new HealthView();
 * MonitorRunner monitors = MonitorRunner.builder(health)
 *         .monitor(new BreakerMonitor(BreakerConfig.ofDefaults()))
 *         .monitor(new LatencySloMonitor(LatencySloConfig.ofDefaults()))
 *         .build();
 * monitors.start();
 * Router router = Router.builder(graph).invoker(invoker).health(health)
 *         .outcomeListener(monitors.outcomeListener()).build();
 * }</pre>
 *
 * <p>Each monitor gets its own lane: a bounded mailbox drained by one task at a time on the {@link
 * Scheduler} (virtual threads by default). So monitors run concurrently with each other, a monitor
 * never runs concurrently with itself, and a slow or throwing monitor delays nobody else: its
 * exceptions become {@link MonitorEvent.MonitorFailed} events (and a log line), a drain stuck past
 * {@link MonitorRunnerConfig#stallThreshold()} is reported as {@code STALLED}, and a full mailbox as
 * {@code OVERLOADED}.
 *
 * <p>Every {@link MonitorRunnerConfig#evaluationInterval()} the runner asks every monitor to {@link
 * HealthMonitor#evaluate} (time-driven transitions) and checks the lanes. {@link #close()} stops this
 * and withdraws every signal, so tools this runner marked down return to HEALTHY: health is runtime
 * state, never left "down" by a monitor that is gone.
 *
 * <p>Thread-safe.
 */
public final class MonitorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorRunner.class);

    private final MonitorRunnerConfig config;
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final Ticker ticker;
    private final List<HealthMonitor> monitors;
    private final List<MonitorLane> lanes = new ArrayList<>();
    private final List<MonitorListener> listeners;
    private final HealthBoard board;
    private final OutcomeFeed feed;
    private final Object lifecycle = new Object();
    private boolean started;
    private volatile boolean closed;
    private Scheduler.@Nullable Cancellable nextTick;

    private MonitorRunner(Builder b) {
        this.config = b.config;
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = b.scheduler == null ? Scheduler.virtualThreads() : b.scheduler;
        this.ticker = b.ticker;
        this.monitors = List.copyOf(b.monitors);
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.board = new HealthBoard(b.health, b.clock, this::publish);
        for (HealthMonitor m : monitors) {
            lanes.add(new MonitorLane(m, board, scheduler, ticker, b.clock, config.mailboxCapacity(), config.drainDelay(), this::publish));
        }
        this.feed = new OutcomeFeed(lanes);
    }

    public static Builder builder(HealthView health) {
        return new Builder(health);
    }

    /**
     * Starts every monitor (on the caller's thread, so a misconfigured monitor fails the start-up) and
     * the periodic evaluation.
     *
     * @throws IllegalStateException when already started or closed, or when a monitor fails to start
     */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException("MonitorRunner can be started once; started=" + started + ", closed=" + closed);
            }
            started = true;
            for (MonitorLane lane : lanes) {
                try {
                    lane.open();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("health monitor '" + lane.name() + "' failed to start: " + e.getMessage(), e);
                }
            }
            scheduleTick();
        }
    }

    /**
     * The listener to register with {@code Router.builder(..).outcomeListener(..)}. Outcomes recorded
     * before {@link #start()} or after {@link #close()} are ignored.
     */
    public OutcomeListener outcomeListener() {
        return feed;
    }

    /** Every monitor's current signals and the decision per tool. */
    public HealthBoard board() {
        return board;
    }

    /** Outcomes dropped so far, over all monitors, because a monitor's mailbox was full. */
    public long droppedOutcomes() {
        long sum = 0;
        for (MonitorLane lane : lanes) {
            sum += lane.droppedOutcomes();
        }
        return sum;
    }

    /** Subscribes to monitor events (see {@link MonitorListener} for the threading rules). */
    public void addListener(MonitorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops evaluating, withdraws every signal (tools return to HEALTHY), and releases owned threads. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (nextTick != null) {
                nextTick.cancel();
            }
        }
        lanes.forEach(MonitorLane::close);
        board.withdrawAll("health monitoring stopped");
        if (ownsScheduler) {
            scheduler.close();
        }
    }

    private void scheduleTick() {
        nextTick = scheduler.schedule(this::tick, config.evaluationInterval());
    }

    private void tick() {
        long now = ticker.nanos();
        long stall = config.stallThreshold().toNanos();
        for (MonitorLane lane : lanes) {
            lane.requestEvaluation();
            lane.watch(now, stall);
        }
        synchronized (lifecycle) {
            if (!closed) {
                scheduleTick();
            }
        }
    }

    private void publish(MonitorEvent event) {
        for (MonitorListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("monitor listener {} failed on {}; ignored", l, event, e);
            }
        }
    }

    /** Configures a {@link MonitorRunner}. */
    public static final class Builder {
        private final HealthView health;
        private final List<HealthMonitor> monitors = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final List<MonitorListener> listeners = new ArrayList<>();
        private MonitorRunnerConfig config = MonitorRunnerConfig.ofDefaults();
        private @Nullable Scheduler scheduler;
        private Ticker ticker = Ticker.system();
        private InstantSource clock = InstantSource.system();

        private Builder(HealthView health) {
            this.health = Objects.requireNonNull(health, "health");
        }

        /** Adds a monitor; names must be unique. */
        public Builder monitor(HealthMonitor monitor) {
            Objects.requireNonNull(monitor, "monitor");
            if (!names.add(monitor.name())) {
                throw new IllegalArgumentException("two health monitors are named '" + monitor.name() + "'; names must be unique");
            }
            monitors.add(monitor);
            return this;
        }

        public Builder listener(MonitorListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder config(MonitorRunnerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where monitor work runs; default: {@link Scheduler#virtualThreads()}, owned and closed by the runner. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The monotonic clock given to monitors; default: the system's. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The wall clock that stamps signals and events; default: the system's. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MonitorRunner build() {
            return new MonitorRunner(this);
        }
    }
}
