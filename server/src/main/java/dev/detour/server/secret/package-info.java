/**
 * Secrets in configuration: the {@link dev.detour.server.secret.Secret} value type that never prints
 * itself, and {@link dev.detour.server.secret.SecretTemplates}, which resolves {@code ${env:NAME}} and
 * {@code ${file:/path}} references when the config is loaded.
 */
package dev.detour.server.secret;
