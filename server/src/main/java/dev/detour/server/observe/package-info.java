/**
 * What an operator watching a Detour sidecar sees: Micrometer meters bound from outside the routing
 * code (route events, call ends, health view, monitor events, reloads) into a Prometheus registry, and
 * the admin listener that serves them with health endpoints, the live graph and the recent route
 * events. The metric catalogue — names, types, labels — is {@code docs/observability.md}.
 */
package dev.detour.server.observe;
