package dev.detour.server.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a demo upstream behaves; switched at run time through {@link DemoUpstreams#inject}. */
public enum Fault {
    /** Answers every request. */
    HEALTHY,
    /** Answers every request, tools/list and pings included, with HTTP 503: the server is down. */
    DOWN,
    /** Up and listing its tools, but every {@code tools/call} ends as an {@code isError} result. */
    ERRORING,
    /** Answers correctly, {@link DemoUpstreams#SLOW_FAULT_DELAY} late. */
    SLOW;

    /** The fault named {@code name} (any case), e.g. {@code down}. */
    public static Optional<Fault> named(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The lower-case name used on the admin route and in the narration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
