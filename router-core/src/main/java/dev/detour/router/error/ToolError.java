package dev.detour.router.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A SERF error: what failed, and what to do about it, in a form a program can act on.
 *
 * @param category    stable category
 * @param action      the recovery a caller can execute without an LLM
 * @param message     one human-readable sentence
 * @param retryAfter  when retrying may succeed, or {@code null}
 * @param sideEffects whether the failed call may have had an effect
 * @param hints       short, concrete suggestions (may be empty)
 * @param traceId     the request's trace id, or {@code null}
 * @param tool        the tool that failed, or {@code null} for router verdicts
 * @param appliedEffects effects the request already had (or may have had) before it failed, which a
 *                    retry of the whole request must not repeat blindly (may be empty)
 */
public record ToolError(
        ErrorCategory category,
        RecoveryAction action,
        String message,
        @Nullable Duration retryAfter,
        SideEffects sideEffects,
        List<String> hints,
        @Nullable String traceId,
        @Nullable String tool,
        List<AppliedEffect> appliedEffects) {

    public ToolError {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sideEffects, "sideEffects");
        hints = hints == null ? List.of() : List.copyOf(hints);
        appliedEffects = appliedEffects == null ? List.of() : List.copyOf(appliedEffects);
    }

    /** An error with no applied effects. */
    public ToolError(ErrorCategory category, RecoveryAction action, String message, @Nullable Duration retryAfter, SideEffects sideEffects,
            List<String> hints, @Nullable String traceId, @Nullable String tool) {
        this(category, action, message, retryAfter, sideEffects, hints, traceId, tool, List.of());
    }

    /** An error with the category's default action and the given side-effect status. */
    public static ToolError of(ErrorCategory category, String message, SideEffects sideEffects) {
        return new ToolError(category, category.defaultAction(), message, null, sideEffects, List.of(), null, null);
    }

    public ToolError withTool(@Nullable String newTool) {
        return new ToolError(category, action, message, retryAfter, sideEffects, hints, traceId, newTool, appliedEffects);
    }

    public ToolError withTraceId(@Nullable String newTraceId) {
        return new ToolError(category, action, message, retryAfter, sideEffects, hints, newTraceId, tool, appliedEffects);
    }

    public ToolError withRetryAfter(@Nullable Duration newRetryAfter) {
        return new ToolError(category, action, message, newRetryAfter, sideEffects, hints, traceId, tool, appliedEffects);
    }

    public ToolError withHints(List<String> newHints) {
        return new ToolError(category, action, message, retryAfter, sideEffects, newHints, traceId, tool, appliedEffects);
    }

    public ToolError withAction(RecoveryAction newAction) {
        return new ToolError(category, newAction, message, retryAfter, sideEffects, hints, traceId, tool, appliedEffects);
    }

    public ToolError withSideEffects(SideEffects newSideEffects) {
        return new ToolError(category, action, message, retryAfter, newSideEffects, hints, traceId, tool, appliedEffects);
    }

    public ToolError withAppliedEffects(List<AppliedEffect> effects) {
        return new ToolError(category, action, message, retryAfter, sideEffects, hints, traceId, tool, effects);
    }

    /**
     * The wire form (the {@code structuredContent} Detour puts in MCP error results): camelCase keys,
     * enum names, {@code retryAfter} in (fractional) seconds; absent values are left out.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", category.name());
        m.put("action", action.name());
        m.put("message", message);
        if (retryAfter != null) {
            m.put("retryAfter", retryAfter.toMillis() / 1000.0);
        }
        m.put("sideEffects", sideEffects.name());
        if (!hints.isEmpty()) {
            m.put("hints", hints);
        }
        if (traceId != null) {
            m.put("traceId", traceId);
        }
        if (tool != null) {
            m.put("tool", tool);
        }
        if (!appliedEffects.isEmpty()) {
            m.put("appliedEffects", appliedEffects.stream().map(AppliedEffect::toMap).toList());
        }
        return m;
    }
}
