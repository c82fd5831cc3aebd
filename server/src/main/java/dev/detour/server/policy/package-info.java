/**
 * What a principal may use and how much: the {@code policy:} rules ({@link dev.detour.server.policy.PolicyConfig},
 * deny by default once present), per-principal call limits ({@link dev.detour.server.policy.PrincipalLimits}),
 * and {@link dev.detour.server.policy.CallGuard}, the one object the proxy asks at its hook points.
 */
package dev.detour.server.policy;
