package dev.detour.server.cluster;

import dev.detour.router.health.ToolHealth;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One member's local verdict on one tool, as {@link ClusterHealth} publishes it on the event bus.
 * Changing the JSON shape is a wire-format change between replicas of different versions.
 *
 * @param origin   the member that reached it
 * @param sequence the origin's publication counter: a receiver keeps only the newest per origin and tool
 * @param tool     the router tool id ({@code tool@upstream})
 * @param status   healthy, degraded (with its penalty) or unavailable
 * @param priority the deciding monitor's priority on the origin (0 when healthy)
 * @param reason   {@code "<monitor>: <reason>"} on the origin
 * @param at       when the origin's monitors reached it, on the origin's clock (shown, never compared)
 * @param trial    whether it is a half-open breaker's: the origin lets calls through to decide between
 *                 closing and re-opening, and only the tool's {@link TrialOwner} should send them
 */
record ClusterVerdict(String origin, long sequence, String tool, ToolHealth status, int priority, String reason, Instant at, boolean trial) {

    ClusterVerdict {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    ClusterVerdict withSequence(long next) {
        return new ClusterVerdict(origin, next, tool, status, priority, reason, at, trial);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("origin", origin).put("sequence", sequence).put("tool", tool).put("priority", priority)
                .put("reason", reason).put("at", at.toString()).put("trial", trial);
        return switch (status) {
            case ToolHealth.Healthy h -> json.put("state", "HEALTHY");
            case ToolHealth.Degraded d -> json.put("state", "DEGRADED").put("penalty", d.penalty());
            case ToolHealth.Unavailable u -> json.put("state", "UNAVAILABLE");
        };
    }

    /** @throws RuntimeException when {@code json} is not a verdict (missing field, unknown state) */
    static ClusterVerdict fromJson(JsonObject json) {
        String reason = json.getString("reason");
        ToolHealth status = switch (json.getString("state")) {
            case "HEALTHY" -> ToolHealth.healthy();
            case "DEGRADED" -> ToolHealth.degraded(json.getDouble("penalty"), reason);
            case "UNAVAILABLE" -> ToolHealth.unavailable(reason);
            case null, default -> throw new IllegalArgumentException("unknown state " + json.getString("state"));
        };
        return new ClusterVerdict(json.getString("origin"), json.getLong("sequence"), json.getString("tool"), status,
                json.getInteger("priority"), reason, Instant.parse(json.getString("at")), json.getBoolean("trial", false));
    }
}
