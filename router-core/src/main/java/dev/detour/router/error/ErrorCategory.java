package dev.detour.router.error;

/**
 * SERF error categories: stable, machine-readable names for what went wrong at a tool boundary
 * (DESIGN.md, "SERF"). Each category carries the recovery a caller can execute without an LLM.
 */
public enum ErrorCategory {
    /** A passing fault (connection reset, 5xx); another try, here or elsewhere, may succeed. */
    TRANSIENT(RecoveryAction.REROUTE, false),
    /** The provider throttled the caller; see {@code retryAfter}. */
    RATE_LIMITED(RecoveryAction.REROUTE, false),
    /** No answer in time. */
    TIMEOUT(RecoveryAction.REROUTE, false),
    /** The arguments are wrong; another provider would reject them too. */
    INVALID_ARGUMENTS(RecoveryAction.FIX_ARGUMENTS, true),
    /** The thing asked for does not exist. */
    NOT_FOUND(RecoveryAction.FIX_ARGUMENTS, true),
    /** The caller is not authenticated. */
    UNAUTHENTICATED(RecoveryAction.ESCALATE, true),
    /** The caller may not do this. */
    FORBIDDEN(RecoveryAction.ESCALATE, true),
    /** The provider's quota for this caller is used up; another provider may still serve. */
    QUOTA_EXCEEDED(RecoveryAction.REROUTE, false),
    /** The request conflicts with the target's current state. */
    CONFLICT(RecoveryAction.ESCALATE, true),
    /** The provider cannot be reached or is down. */
    UPSTREAM_UNAVAILABLE(RecoveryAction.REROUTE, false),
    /** The provider failed in an unexpected way (including malformed output). */
    INTERNAL(RecoveryAction.REROUTE, false),
    /** The request's deadline cannot be met by any remaining path. */
    BUDGET_EXHAUSTED(RecoveryAction.ESCALATE, true),
    /** No feasible path to the goal or to any acceptable lesser goal. */
    NO_ROUTE(RecoveryAction.ESCALATE, true);

    private final RecoveryAction defaultAction;
    private final boolean callerSide;

    ErrorCategory(RecoveryAction defaultAction, boolean callerSide) {
        this.defaultAction = defaultAction;
        this.callerSide = callerSide;
    }

    /** What a caller should do about it, absent better knowledge. */
    public RecoveryAction defaultAction() {
        return defaultAction;
    }

    /**
     * True when the failure says nothing about the tool's health (the caller's arguments, identity or
     * budget, or the router's own verdict). Health monitors ignore such outcomes, so one bad agent
     * cannot take a provider down for everyone.
     */
    public boolean ignoredByHealth() {
        return callerSide;
    }
}
