/**
 * Health monitors: observations of tool calls (and active probes) in, {@link
 * dev.detour.health.HealthSignal}s out, aggregated per tool into router-core's {@link
 * dev.detour.router.health.HealthView}.
 *
 * <p>The pieces:
 * <ul>
 *   <li>{@link dev.detour.health.HealthMonitor} — the SPI every monitor implements;</li>
 *   <li>{@link dev.detour.health.SignalAggregation} — the rule that picks one signal per tool;</li>
 *   <li>{@link dev.detour.health.HealthBoard} — keeps every monitor's signals and applies the
 *       aggregate to the health view;</li>
 *   <li>{@link dev.detour.health.MonitorRunner} — runs the monitors in parallel, off the request path,
 *       fed by {@link dev.detour.health.OutcomeFeed} (a router-core {@code OutcomeListener});</li>
 *   <li>the monitors: {@code breaker}, {@code outlier}, {@code latency}, {@code probe}, {@code risk}.</li>
 * </ul>
 *
 * <p>Time enters only through the router-core {@code Ticker} and {@link java.time.InstantSource}
 * given to the runner, and work is scheduled through {@link dev.detour.router.time.Scheduler}, so tests
 * run on a fake clock and a manual scheduler.
 */
@NullMarked
package dev.detour.health;

import org.jspecify.annotations.NullMarked;
