package dev.detour.server.policy;

import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.RecoveryAction;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.server.identity.Principal;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Per-principal rate and concurrency limits on tool calls: one Resilience4j {@link RateLimiter} and
 * one semaphore {@link Bulkhead} per principal ({@link Principal#key()}), neither of which ever
 * waits — a call over a limit is refused at once with SERF {@code RATE_LIMITED}, {@code retryAfter}
 * saying when a permit frees up (the rate limiter's next refresh; for concurrency, the time a typical
 * call takes is unknown, so one second). Thread-safe.
 */
public final class PrincipalLimits {

    /** No limits. */
    public static final PrincipalLimits NONE = new PrincipalLimits(LimitsConfig.none());

    /** What a concurrency refusal suggests waiting: calls in flight usually end within a second or so. */
    static final Duration CONCURRENCY_RETRY_AFTER = Duration.ofSeconds(1);

    private final LimitsConfig config;
    private final RateLimiterRegistry rates;
    private final BulkheadRegistry concurrency;

    public PrincipalLimits(LimitsConfig config) {
        this.config = config;
        this.rates = config.calls() == 0 ? null : RateLimiterRegistry.of(RateLimiterConfig.custom().limitForPeriod(config.calls())
                .limitRefreshPeriod(config.per()).timeoutDuration(Duration.ZERO).build());
        this.concurrency = config.concurrentCalls() == 0 ? null
                : BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(config.concurrentCalls()).maxWaitDuration(Duration.ZERO).build());
    }

    public LimitsConfig config() {
        return config;
    }

    /** A call admitted: {@link #release()} it exactly once when it ends. */
    public interface Permit {
        void release();
    }

    /**
     * Admits one call of {@code tool} by {@code principal}.
     *
     * @return the permit, or the SERF error to answer with
     */
    public Admission admit(Principal principal, String tool) {
        if (rates != null) {
            RateLimiter limiter = rates.rateLimiter(principal.key());
            if (!limiter.acquirePermission()) {
                Duration wait = limiter instanceof AtomicRateLimiter atomic
                        ? Duration.ofNanos(Math.max(1_000_000, atomic.getDetailedMetrics().getNanosToWait())) : config.per();
                return Admission.refused(limited(tool, "'" + principal.subject() + "' made its " + config.calls() + " calls per "
                        + config.per().toSeconds() + "s", wait));
            }
        }
        if (concurrency != null) {
            Bulkhead bulkhead = concurrency.bulkhead(principal.key());
            if (!bulkhead.tryAcquirePermission()) {
                return Admission.refused(limited(tool, "'" + principal.subject() + "' has " + config.concurrentCalls() + " calls in flight",
                        CONCURRENCY_RETRY_AFTER));
            }
            boolean[] released = {false};
            return Admission.admitted(() -> {
                if (!released[0]) {
                    released[0] = true;
                    bulkhead.onComplete();
                }
            });
        }
        return Admission.admitted(() -> { });
    }

    private static ToolError limited(String tool, String why, Duration retryAfter) {
        return new ToolError(ErrorCategory.RATE_LIMITED, RecoveryAction.RETRY_SAME, "rate limited: " + why + "; retry after "
                + Math.max(1, retryAfter.toMillis()) + " ms", retryAfter, SideEffects.NONE, List.of("wait retryAfter seconds, then call again"),
                null, tool);
    }

    /** A permit, or the error that refused the call. */
    public record Admission(Optional<Permit> permit, ToolError refusal) {
        static Admission admitted(Permit p) {
            return new Admission(Optional.of(p), null);
        }

        static Admission refused(ToolError e) {
            return new Admission(Optional.empty(), e);
        }
    }
}
