package dev.detour.server.heal;

import dev.detour.router.RouteResult;
import dev.detour.router.event.RouteEvent;
import java.util.List;

/** The events of one kind in a route result, in order: what the healing tools ask of a finished call. */
final class RouteEvents {

    private RouteEvents() {
    }

    static <E extends RouteEvent> List<E> of(RouteResult result, Class<E> type) {
        return result.events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
