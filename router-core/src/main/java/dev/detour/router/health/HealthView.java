package dev.detour.router.health;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The live health of every tool, shared by all graphs and routers of one process.
 *
 * <p>Reads are lock-free: each tool has an int slot ({@link #slot(String)}) and routing reads the
 * state of a slot with one volatile load, so a change is visible to the very next routing
 * decision. Writes (from health monitors) are serialised; each one that changes a state bumps the
 * {@link #epoch()} and is kept in a short change log that route caches consult to decide whether a
 * change touches their route.
 *
 * <p>Health is runtime state only: a new view starts with every tool healthy.
 */
public final class HealthView {

    /** How many recent changes the log keeps for route-cache revalidation. */
    public static final int DEFAULT_CHANGE_LOG_SIZE = 4096;

    private final InstantSource clock;
    private final Map<String, Integer> slots = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final AtomicLong epoch = new AtomicLong();
    private final List<Consumer<HealthChange>> listeners = new CopyOnWriteArrayList<>();
    private final int logSize;
    private final long[] logEpochs;
    private final int[] logSlots;
    private final boolean[] logWorsened;
    private volatile AtomicReferenceArray<ToolHealth> states = new AtomicReferenceArray<>(64);
    private volatile String[] names = new String[64];

    /** A view with every tool healthy, stamping changes with the system clock. */
    public HealthView() {
        this(InstantSource.system(), DEFAULT_CHANGE_LOG_SIZE);
    }

    /** A view with every tool healthy, stamping changes with {@code clock}. */
    public HealthView(InstantSource clock) {
        this(clock, DEFAULT_CHANGE_LOG_SIZE);
    }

    HealthView(InstantSource clock, int logSize) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logSize = logSize;
        this.logEpochs = new long[logSize];
        this.logSlots = new int[logSize];
        this.logWorsened = new boolean[logSize];
    }

    /** The slot of a tool, allocating one on first use. Slots are never reused. */
    public int slot(String tool) {
        Objects.requireNonNull(tool, "tool");
        Integer slot = slots.get(tool);
        if (slot != null) {
            return slot;
        }
        synchronized (writeLock) {
            return slots.computeIfAbsent(tool, t -> {
                int s = slots.size();
                if (s >= states.length()) {
                    grow(s * 2);
                }
                names[s] = t;
                return s;
            });
        }
    }

    private void grow(int capacity) {
        AtomicReferenceArray<ToolHealth> bigger = new AtomicReferenceArray<>(capacity);
        for (int i = 0; i < states.length(); i++) {
            bigger.set(i, states.get(i));
        }
        String[] biggerNames = java.util.Arrays.copyOf(names, capacity);
        names = biggerNames;
        states = bigger;
    }

    /** The health of the tool in {@code slot}; lock-free. */
    public ToolHealth health(int slot) {
        AtomicReferenceArray<ToolHealth> s = states;
        ToolHealth h = slot < s.length() ? s.get(slot) : null;
        return h == null ? ToolHealth.healthy() : h;
    }

    /** The health of a tool (healthy when never set). */
    public ToolHealth health(String tool) {
        Integer slot = slots.get(tool);
        return slot == null ? ToolHealth.healthy() : health(slot);
    }

    /**
     * Sets a tool's health. A no-op when the state is unchanged; otherwise bumps the epoch, logs the
     * change and notifies listeners on the caller's thread.
     *
     * @return the change, or {@code null} when nothing changed
     */
    public @Nullable HealthChange set(String tool, ToolHealth health) {
        Objects.requireNonNull(health, "health");
        int slot = slot(tool);
        HealthChange change;
        synchronized (writeLock) {
            ToolHealth previous = health(slot);
            if (previous.equals(health)) {
                return null;
            }
            states.set(slot, health);
            long e = epoch.incrementAndGet();
            int i = (int) (e % logSize);
            logEpochs[i] = e;
            logSlots[i] = slot;
            change = new HealthChange(tool, previous, health, e, clock.instant());
            logWorsened[i] = change.worsened();
        }
        for (Consumer<HealthChange> l : listeners) {
            l.accept(change);
        }
        return change;
    }

    /** Marks every tool healthy again. */
    public void reset() {
        for (String tool : snapshot().keySet()) {
            set(tool, ToolHealth.healthy());
        }
    }

    /** Incremented by every change; a route computed at epoch e is current while the epoch is e. */
    public long epoch() {
        return epoch.get();
    }

    /** Subscribes to changes. Listeners run synchronously on the writer's thread and must be fast. */
    public void onChange(Consumer<HealthChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A copy of every known tool's state, in slot order. */
    public Map<String, ToolHealth> snapshot() {
        Map<String, ToolHealth> copy = new LinkedHashMap<>();
        String[] n = names;
        for (int i = 0; i < slots.size() && i < n.length; i++) {
            if (n[i] != null) {
                copy.put(n[i], health(i));
            }
        }
        return copy;
    }

    /**
     * Walks the changes after {@code sinceEpoch} up to the current epoch.
     *
     * @param sinceEpoch exclusive lower bound
     * @param visitor    receives (slot, worsened) for each change, oldest first
     * @return false when the log no longer holds every change since {@code sinceEpoch}
     */
    public boolean changesSince(long sinceEpoch, ChangeVisitor visitor) {
        synchronized (writeLock) {
            long now = epoch.get();
            if (now - sinceEpoch > logSize) {
                return false;
            }
            for (long e = sinceEpoch + 1; e <= now; e++) {
                int i = (int) (e % logSize);
                if (logEpochs[i] != e) {
                    return false;
                }
                if (!visitor.visit(logSlots[i], logWorsened[i])) {
                    break;
                }
            }
            return true;
        }
    }

    /** Receives logged changes; returns false to stop early. */
    @FunctionalInterface
    public interface ChangeVisitor {
        boolean visit(int slot, boolean worsened);
    }
}
