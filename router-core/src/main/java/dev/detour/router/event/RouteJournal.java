package dev.detour.router.event;

import dev.detour.router.spi.RouteListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent route events, bounded, for admin APIs and tests. Thread-safe. */
public final class RouteJournal implements RouteListener {

    /** Events kept by {@link #RouteJournal()}. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final ArrayDeque<RouteEvent> events;

    public RouteJournal() {
        this(DEFAULT_CAPACITY);
    }

    public RouteJournal(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    @Override
    public synchronized void onEvent(RouteEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /** The kept events, oldest first. */
    public synchronized List<RouteEvent> recent() {
        return new ArrayList<>(events);
    }

    /** Kept events of one type, oldest first. */
    public synchronized <E extends RouteEvent> List<E> recent(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
