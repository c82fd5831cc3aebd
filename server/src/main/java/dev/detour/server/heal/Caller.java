package dev.detour.server.heal;

import java.util.Map;
import java.util.Set;

/**
 * Who a healing call is made for, as far as routing needs to know: the providers the caller's
 * policy lets a logical tool route through, and the identity an upstream with
 * {@code forwardIdentity: true} receives in {@code _meta["dev.detour/principal"]}. Immutable.
 *
 * @param allowedProviders router ids ({@code tool@upstream}) a logical tool may use, or {@code null} for all
 * @param identity         {@code {sub, tenant, roles}}, or {@code null} to forward none
 */
public record Caller(Set<String> allowedProviders, Map<String, Object> identity) {

    /** Anyone: every provider, no identity. */
    public static final Caller ANYONE = new Caller(null, null);

    public Caller {
        allowedProviders = allowedProviders == null ? null : Set.copyOf(allowedProviders);
        identity = identity == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(identity));
    }
}
