/**
 * A passive circuit breaker per tool, on Resilience4j: {@link dev.detour.health.breaker.BreakerMonitor}
 * and its {@link dev.detour.health.breaker.BreakerConfig}.
 */
@NullMarked
package dev.detour.health.breaker;

import org.jspecify.annotations.NullMarked;
