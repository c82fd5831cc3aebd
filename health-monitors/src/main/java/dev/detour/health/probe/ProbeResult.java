package dev.detour.health.probe;

import java.util.Objects;

/**
 * A probe's answer.
 *
 * @param up     true when the tool answered as a healthy tool does
 * @param detail what was seen (e.g. "pong", "HTTP 503"), for reasons and logs
 */
public record ProbeResult(boolean up, String detail) {

    public ProbeResult {
        Objects.requireNonNull(detail, "detail");
    }

    public static ProbeResult up(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult down(String detail) {
        return new ProbeResult(false, detail);
    }
}
