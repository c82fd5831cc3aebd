package dev.detour.health;

import dev.detour.health.SignalAggregation.Opinion;
import dev.detour.router.health.HealthChange;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Every monitor's current signal per tool, and the piece that applies the {@linkplain SignalAggregation
 * aggregated} health to a {@link HealthView} with {@link HealthView#set}.
 *
 * <p>Each offer or withdrawal recomputes the tool's decision and sets the view only when the decision
 * routes differently (state or penalty changed), so a monitor re-wording its reason does not bump the
 * view's epoch and invalidate route caches. Every change of a monitor's verdict emits {@link
 * MonitorEvent.SignalChanged}; every change of the view emits {@link MonitorEvent.HealthTransition}.
 *
 * <p>Thread-safe: updates are serialised (they come from monitor lanes, never from request threads);
 * events are delivered inside the update, in order.
 */
public final class HealthBoard {

    private final HealthView view;
    private final InstantSource clock;
    private final Consumer<MonitorEvent> events;
    private final Map<String, Map<String, HealthSignal>> signals = new LinkedHashMap<>();

    /**
     * @param view   the view to keep true
     * @param clock  stamps events
     * @param events receives every event (must be fast)
     */
    public HealthBoard(HealthView view, InstantSource clock, Consumer<MonitorEvent> events) {
        this.view = Objects.requireNonNull(view, "view");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Records {@code monitor}'s verdict, replacing its previous one on the same tool. */
    public synchronized void offer(String monitor, HealthSignal signal) {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(signal, "signal");
        Map<String, HealthSignal> byMonitor = signals.computeIfAbsent(signal.tool(), t -> new TreeMap<>());
        HealthSignal previous = byMonitor.get(monitor);
        if (previous != null && HealthSignal.sameState(previous.status(), signal.status())) {
            return;
        }
        byMonitor.put(monitor, signal);
        ToolHealth from = previous == null ? ToolHealth.healthy() : previous.status();
        events.accept(new MonitorEvent.SignalChanged(monitor, signal.tool(), from, signal.status(), signal.reason(), clock.instant()));
        decide(signal.tool(), monitor, signal.reason());
    }

    /** Removes {@code monitor}'s verdict on {@code tool}; a no-op when it has none. */
    public synchronized void withdraw(String monitor, String tool, String reason) {
        Objects.requireNonNull(reason, "reason");
        Map<String, HealthSignal> byMonitor = signals.get(tool);
        HealthSignal previous = byMonitor == null ? null : byMonitor.remove(monitor);
        if (byMonitor == null || previous == null) {
            return;
        }
        if (byMonitor.isEmpty()) {
            signals.remove(tool);
        }
        events.accept(new MonitorEvent.SignalChanged(monitor, tool, previous.status(), ToolHealth.healthy(), reason, clock.instant()));
        decide(tool, monitor, reason);
    }

    /**
     * Withdraws every signal, returning each tool this board set to HEALTHY: what happens when
     * monitoring stops, because nobody would be left to reinstate a tool marked down.
     */
    public synchronized void withdrawAll(String reason) {
        for (String tool : List.copyOf(signals.keySet())) {
            for (String monitor : List.copyOf(signals.getOrDefault(tool, Map.of()).keySet())) {
                withdraw(monitor, tool, reason);
            }
        }
    }

    /** The deciding opinion on {@code tool}, empty when no monitor has a verdict on it. */
    public synchronized Optional<Opinion> decision(String tool) {
        return SignalAggregation.winner(opinions(tool));
    }

    /** Every current opinion on {@code tool}, by monitor name. */
    public synchronized List<Opinion> opinions(String tool) {
        Map<String, HealthSignal> byMonitor = signals.getOrDefault(tool, Map.of());
        List<Opinion> list = new ArrayList<>(byMonitor.size());
        byMonitor.forEach((m, s) -> list.add(new Opinion(m, s)));
        return list;
    }

    private void decide(String tool, String causeMonitor, String causeReason) {
        Optional<Opinion> winner = SignalAggregation.winner(opinions(tool));
        ToolHealth target = SignalAggregation.applied(winner);
        ToolHealth current = view.health(tool);
        if (HealthSignal.sameState(current, target)) {
            return;
        }
        HealthChange change = view.set(tool, target);
        if (change == null) {
            return;
        }
        String monitor = winner.map(Opinion::monitor).orElse(causeMonitor);
        String reason = winner.map(o -> o.signal().reason()).orElse(causeReason);
        events.accept(new MonitorEvent.HealthTransition(tool, change.from(), change.to(), reason, monitor, change.at()));
    }
}
