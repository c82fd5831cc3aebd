package dev.detour.server.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: built only from credentials Detour validated itself — a JWT's claims or a
 * configured API key — and never from anything the client says about itself ({@code clientInfo},
 * {@code _meta}, headers other than {@code Authorization}). Immutable.
 *
 * @param subject the JWT {@code sub}, or the API key's configured subject; {@code "anonymous"} when
 *                the listener has no {@code auth:}
 * @param tenant  the tenant claim, or {@code null} when the credential names none
 * @param roles   roles from the configured roles claim (or the API key's)
 * @param scopes  OAuth scopes from {@code scope} / {@code scp} (or the API key's)
 * @param method  how the principal proved itself
 */
public record Principal(String subject, String tenant, Set<String> roles, Set<String> scopes, Method method) {

    /** How a principal was authenticated. */
    public enum Method {
        /** No {@code auth:} on the listener (loopback only, or {@code --insecure-no-auth}). */
        NONE,
        /** A JWT access token validated against the configured issuer's keys. */
        JWT,
        /** A static API key matched against a configured hash. */
        API_KEY
    }

    private static final Principal ANONYMOUS = new Principal("anonymous", null, Set.of(), Set.of(), Method.NONE);

    public Principal {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(method, "method");
    }

    /** The principal of a listener without {@code auth:}. */
    public static Principal anonymous() {
        return ANONYMOUS;
    }

    /** True when it came from a validated credential. */
    public boolean authenticated() {
        return method != Method.NONE;
    }

    /**
     * A key that is equal for two principals exactly when they are the same caller: subject and
     * tenant (two tenants may reuse a subject). Limits and session bindings are kept per key.
     */
    public String key() {
        return (tenant == null ? "" : tenant) + "\u0000" + subject;
    }

    /**
     * What {@code forwardIdentity: true} sends upstream as {@code _meta["dev.detour/principal"]}:
     * {@code {sub, tenant, roles}}, roles sorted. Scopes and the credential are never sent.
     */
    public Map<String, Object> toMeta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("sub", subject);
        meta.put("tenant", tenant);
        meta.put("roles", List.copyOf(new TreeSet<>(roles)));
        return meta;
    }
}
