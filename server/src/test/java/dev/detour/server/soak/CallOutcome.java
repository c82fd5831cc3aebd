package dev.detour.server.soak;

/** How one soak call ended, as the client saw it. */
enum CallOutcome {
    /** A result that is not an error (a goal tool's COMPLETED, a logical tool's provider answer). */
    SUCCESS,
    /** A goal tool's result that reached a lesser goal (status DEMOTED). */
    DEMOTED,
    /** An {@code isError} result carrying a SERF object (category, action, sideEffects). */
    SERF_ERROR,
    /** The cancellation error of a call the client cancelled. */
    CANCELLED,
    /** One response, but not one of the above (a JSON-RPC error, a malformed result): invariant 2 broke. */
    VIOLATION,
    /** Not exactly one response for the request (a failed exchange, an HTTP error, none or several): invariant 1 broke. */
    UNANSWERED,
    /** No answer within twice the budget plus slack: invariant 1 broke. */
    HUNG
}
