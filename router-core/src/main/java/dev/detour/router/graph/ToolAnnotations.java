package dev.detour.router.graph;

/**
 * The MCP tool annotations that matter for routing safety (MCP {@code ToolAnnotations}).
 *
 * @param readOnly    the tool does not modify its environment ({@code readOnlyHint})
 * @param idempotent  calling it again with the same arguments has no additional effect ({@code idempotentHint})
 * @param destructive the tool may perform destructive updates ({@code destructiveHint})
 */
public record ToolAnnotations(boolean readOnly, boolean idempotent, boolean destructive) {

    /** Read-only and therefore safe to retry or reroute after any failure. */
    public static final ToolAnnotations READ_ONLY = new ToolAnnotations(true, true, false);

    /** Writes, but repeating the call is harmless. */
    public static final ToolAnnotations IDEMPOTENT = new ToolAnnotations(false, true, false);

    /**
     * The MCP default when a server says nothing: not read-only, not idempotent, destructive. Detour
     * assumes the worst for unannotated tools.
     */
    public static final ToolAnnotations UNKNOWN = new ToolAnnotations(false, false, true);

    /** True when repeating the call (here or at another provider) cannot duplicate an effect. */
    public boolean safeToRepeat() {
        return readOnly || idempotent;
    }
}
