package dev.detour.health.breaker;

import dev.detour.health.HealthMonitor;
import dev.detour.health.HealthSignal;
import dev.detour.health.MonitorContext;
import dev.detour.health.OutcomeKind;
import dev.detour.router.exec.ToolOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One Resilience4j {@link CircuitBreaker} per tool, fed with every call's outcome.
 *
 * <ul>
 *   <li>CLOSED ⇒ HEALTHY: the monitor withdraws its signal (it has nothing against the tool).</li>
 *   <li>OPEN ⇒ UNAVAILABLE: the tool's edges weigh +∞ and no new route uses it.</li>
 *   <li>HALF_OPEN ⇒ DEGRADED with {@link BreakerConfig#halfOpenPenalty()} (finite; 1.0 by default).
 *       Routing, not a gate, decides who calls a tool, so the trial calls Resilience4j permits are the
 *       routed calls that still choose the tool: with the default penalty the tool's usual traffic
 *       carries the trials; a trial that fails is rerouted within its request like any failure, and
 *       after {@link BreakerConfig#permittedCallsInHalfOpen()} outcomes the breaker closes or
 *       re-opens. A penalty above 1 keeps trials to requests with no cheaper path; pair it with the
 *       probe monitor, which reinstates tools without risking user calls.</li>
 * </ul>
 *
 * <p>Outcomes classified {@link OutcomeKind#IGNORED} are not recorded (Resilience4j's "ignore").
 * Open → half-open is checked on {@link #evaluate}, on Resilience4j's injected clock.
 *
 * <p>Not thread-safe; the {@link dev.detour.health.MonitorRunner} confines it to its lane.
 */
public final class BreakerMonitor implements HealthMonitor {

    /** The monitor's name in signals and events. */
    public static final String NAME = "breaker";

    private final BreakerConfig config;
    private final Map<String, Tracked> breakers = new HashMap<>();
    private CircuitBreakerRegistry registry;
    private MonitorContext context;

    public BreakerMonitor(BreakerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(MonitorContext context) {
        this.context = context;
        this.registry = CircuitBreakerRegistry.of(config.toResilience4j(context.clock(), context.ticker()));
    }

    @Override
    public void onOutcome(String tool, ToolOutcome outcome, long latencyNanos, long atNanos) {
        OutcomeKind kind = OutcomeKind.of(outcome);
        if (kind == OutcomeKind.IGNORED) {
            return;
        }
        Tracked t = breakers.computeIfAbsent(tool, this::track);
        if (kind == OutcomeKind.SUCCESS) {
            t.breaker.onSuccess(latencyNanos, TimeUnit.NANOSECONDS);
        } else {
            t.breaker.onError(latencyNanos, TimeUnit.NANOSECONDS,
                    ToolFailureException.of(((ToolOutcome.Failure) outcome).error().category()));
        }
        publish(tool, t);
    }

    /** Moves breakers whose open-state wait has passed to half-open. */
    @Override
    public void evaluate(long nowNanos) {
        breakers.forEach((tool, t) -> {
            if (t.breaker.getState() == CircuitBreaker.State.OPEN && t.breaker.tryAcquirePermission()) {
                // Asking for a permission is how Resilience4j checks the wait on its clock; the permit is
                // not used for a call, so it goes straight back for the routed trial calls.
                t.breaker.releasePermission();
            }
            publish(tool, t);
        });
    }

    /** The breaker's state for {@code tool}; CLOSED when it has never been called. */
    public CircuitBreaker.State state(String tool) {
        Tracked t = breakers.get(tool);
        return t == null ? CircuitBreaker.State.CLOSED : t.breaker.getState();
    }

    private Tracked track(String tool) {
        return new Tracked(registry.circuitBreaker(tool));
    }

    // Reading the state after each record, instead of subscribing to the breaker's event publisher,
    // keeps every transition on this lane and in order with the outcome that caused it.
    private void publish(String tool, Tracked t) {
        CircuitBreaker.State state = t.breaker.getState();
        if (state == t.lastState) {
            return;
        }
        t.lastState = state;
        CircuitBreaker.Metrics m = t.breaker.getMetrics();
        switch (state) {
            case OPEN, FORCED_OPEN -> context.emit(HealthSignal.unavailable(tool, config.priority(), String.format(Locale.ROOT,
                    "circuit open: %.0f%% failed, %.0f%% slow of the last %d calls; trial calls after %d s",
                    Math.max(0f, m.getFailureRate()), Math.max(0f, m.getSlowCallRate()), m.getNumberOfBufferedCalls(),
                    config.waitInOpen().toSeconds()), context.clock().instant()));
            case HALF_OPEN -> context.emit(HealthSignal.degraded(tool, config.halfOpenPenalty(), config.priority(),
                    "circuit half-open: " + config.permittedCallsInHalfOpen() + " trial calls decide", context.clock().instant()));
            case CLOSED, DISABLED, METRICS_ONLY -> context.withdraw(tool, "circuit closed");
        }
    }

    private static final class Tracked {
        final CircuitBreaker breaker;
        CircuitBreaker.State lastState = CircuitBreaker.State.CLOSED;

        Tracked(CircuitBreaker breaker) {
            this.breaker = breaker;
        }
    }
}
