package dev.detour.router.error;

/** What a caller can do about a {@link ToolError} without asking an LLM. */
public enum RecoveryAction {
    /** Try the same call again, after {@code retryAfter} if given. */
    RETRY_SAME,
    /** Try another provider or path (the router does this itself). */
    REROUTE,
    /** Change the arguments; retrying them unchanged will fail again. */
    FIX_ARGUMENTS,
    /** Hand over to a human or a higher-level planner. */
    ESCALATE
}
