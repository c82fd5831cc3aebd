package dev.detour.server.config;

import dev.detour.router.graph.ToolAnnotations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MCP tool annotations of a logical tool as configured: what the agent sees in {@code tools/list}
 * and what decides whether a failed call may be sent to another provider. Immutable; a {@code null}
 * field was not configured.
 *
 * <p>Unset hints take the MCP defaults when Detour decides on safety ({@link #routing()}): not
 * read-only, not idempotent, destructive — so an unannotated tool is never re-sent after it may
 * have acted.
 *
 * @param title           a human-readable title, or {@code null}
 * @param readOnlyHint    the tool does not modify its environment
 * @param destructiveHint the tool may perform destructive updates
 * @param idempotentHint  repeating the call with the same arguments has no additional effect
 * @param openWorldHint   the tool interacts with an open world of external entities
 */
public record ToolHints(String title, Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint, Boolean openWorldHint) {

    /** Nothing configured: the MCP worst case applies. */
    public static final ToolHints NONE = new ToolHints(null, null, null, null, null);

    /** The annotations router-core uses for side-effect safety, with the MCP defaults for unset hints. */
    public ToolAnnotations routing() {
        boolean readOnly = Boolean.TRUE.equals(readOnlyHint);
        // MCP: destructiveHint and idempotentHint are meaningful only when readOnlyHint is false
        boolean idempotent = readOnly || Boolean.TRUE.equals(idempotentHint);
        boolean destructive = !readOnly && !Boolean.FALSE.equals(destructiveHint);
        return new ToolAnnotations(readOnly, idempotent, destructive);
    }

    /** The MCP {@code annotations} object: only the configured fields, in MCP's names. */
    public Map<String, Object> toMcp() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (title != null) {
            m.put("title", title);
        }
        if (readOnlyHint != null) {
            m.put("readOnlyHint", readOnlyHint);
        }
        if (destructiveHint != null) {
            m.put("destructiveHint", destructiveHint);
        }
        if (idempotentHint != null) {
            m.put("idempotentHint", idempotentHint);
        }
        if (openWorldHint != null) {
            m.put("openWorldHint", openWorldHint);
        }
        return m;
    }
}
