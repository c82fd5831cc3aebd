package dev.detour.health;

/**
 * Receives {@link MonitorEvent}s. Runs synchronously on the thread that produced the event (a monitor
 * lane or the runner's tick): must be fast, non-blocking and thread-safe. Exceptions are logged and
 * ignored; they never break monitoring.
 */
@FunctionalInterface
public interface MonitorListener {

    void onEvent(MonitorEvent event);
}
