/**
 * Who a request comes from: the {@link dev.detour.server.identity.Principal} that authentication
 * builds from validated claims and that policy, limits and audit are keyed by.
 */
package dev.detour.server.identity;
