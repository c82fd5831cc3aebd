/**
 * A passive circuit breaker per tool, on Resilience4j: {@link dev.detour.health.breaker.BreakerMonitor}
 * and its {@link dev.detour.health.breaker.BreakerConfig}.
 */
package dev.detour.health.breaker;
