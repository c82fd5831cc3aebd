package dev.detour.router.error;

/** Whether a failed call may have changed something at the provider. */
public enum SideEffects {
    /** The call never took effect (refused before dispatch, or rejected up front). */
    NONE,
    /** The request reached the provider and may have acted. */
    POSSIBLE,
    /** Nobody can tell. Treated like {@link #POSSIBLE} for tools that are not safe to repeat. */
    UNKNOWN
}
