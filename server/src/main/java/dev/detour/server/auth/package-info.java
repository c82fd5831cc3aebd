/**
 * Client authentication on Detour's listeners: the MCP listener as an OAuth 2.1 resource server
 * ({@link dev.detour.server.auth.ListenerGuard} in front of the endpoint: JWT access tokens validated
 * with Nimbus JOSE+JWT, static API keys by hash, the RFC 9728 metadata document, session binding),
 * and the admin listener's own credential ({@link dev.detour.server.auth.AdminGuard}). See
 * docs/security.md.
 */
package dev.detour.server.auth;
