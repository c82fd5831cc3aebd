package dev.detour.server.policy;

import dev.detour.router.InvalidFieldException;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code limits:} section: what one principal, one session and one request may take. Immutable.
 *
 * @param calls           tool calls one principal may start per {@code per}; 0 for no rate limit
 * @param per             the rate limit's period
 * @param concurrentCalls tool calls one principal may have in flight at once; 0 for no limit
 * @param sessionRequests requests one session may make over its life; 0 for no cap
 * @param maxBodyBytes    the largest request body accepted, in bytes
 */
public record LimitsConfig(int calls, Duration per, int concurrentCalls, long sessionRequests, int maxBodyBytes) {

    /** 1 minute. */
    public static final Duration DEFAULT_PER = Duration.ofMinutes(1);
    /** 4 MiB, the endpoint's own default. */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    public LimitsConfig {
        Objects.requireNonNull(per, "per");
        if (calls < 0) {
            throw new InvalidFieldException("calls", "calls must not be negative, got " + calls);
        }
        if (per.toMillis() < 1) {
            throw new InvalidFieldException("per", "per must be at least 1ms, got " + per);
        }
        if (concurrentCalls < 0) {
            throw new InvalidFieldException("concurrentCalls", "concurrentCalls must not be negative, got " + concurrentCalls);
        }
        if (sessionRequests < 0) {
            throw new InvalidFieldException("sessionRequests", "sessionRequests must not be negative, got " + sessionRequests);
        }
        if (maxBodyBytes < 1) {
            throw new InvalidFieldException("maxBodyBytes", "maxBodyBytes must be positive, got " + maxBodyBytes);
        }
    }

    /** No limits beyond the default body cap. */
    public static LimitsConfig none() {
        return new LimitsConfig(0, DEFAULT_PER, 0, 0, DEFAULT_MAX_BODY_BYTES);
    }
}
