/**
 * Risk signals from outside the data path — a policy file or an API call: {@link
 * dev.detour.health.risk.RiskMonitor}, {@link dev.detour.health.risk.RiskPolicy}.
 */
@NullMarked
package dev.detour.health.risk;

import org.jspecify.annotations.NullMarked;
