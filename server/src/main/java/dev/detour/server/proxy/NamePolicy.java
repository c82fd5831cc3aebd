package dev.detour.server.proxy;

/**
 * When aggregated tool and prompt names get their upstream's name as a prefix
 * ({@code <upstream>_<name>}), agentgateway's convention.
 */
public enum NamePolicy {
    /** Never prefix; on a collision the first upstream (in command-line order) wins and the rest are hidden. */
    NEVER,
    /** Prefix only the names that collide, on every upstream that offers them. The default. */
    CONDITIONAL,
    /** Prefix every name, even with a single upstream. */
    ALWAYS;

    /** Between the upstream name and the original name. */
    public static final String SEPARATOR = "_";
}
