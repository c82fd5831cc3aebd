package dev.detour.router.spi;

import dev.detour.router.event.RouteEvent;

/**
 * Receives route events. Called synchronously on the thread that produced the event (possibly an
 * I/O thread): implementations must be fast and non-blocking, and must be thread-safe since
 * concurrent branches emit concurrently. An exception thrown here is logged and ignored; it never
 * breaks the route.
 */
@FunctionalInterface
public interface RouteListener {
    void onEvent(RouteEvent event);
}
