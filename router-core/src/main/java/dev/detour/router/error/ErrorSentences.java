package dev.detour.router.error;

import java.util.Objects;

/**
 * A {@link ToolError} as the one short sentence an agent's model is told: what happened to the tool
 * it called and what to do next, chosen from the SERF category and action (no LLM involved, no JSON,
 * no stack trace). The sidecar puts it in the text block of its MCP error results; the LangChain4j
 * tool provider returns it as the tool's result. Stateless and thread-safe.
 */
public final class ErrorSentences {

    private ErrorSentences() {
    }

    /**
     * The sentence for {@code error} from the tool the model called.
     *
     * @param toolName     the tool as the model knows it
     * @param mayHaveActed the failed step is neither read-only nor idempotent and its request may have
     *                     taken effect — why Detour did not send it elsewhere
     * @param largerBudget how the caller asks for more time, completing "call it again later or …"
     *                     (e.g. {@code with a larger budget in _meta "dev.detour/budget" (milliseconds)}),
     *                     or {@code null} when the model cannot ask for more
     */
    public static String forModel(String toolName, ToolError error, boolean mayHaveActed, String largerBudget) {
        Objects.requireNonNull(error, "error");
        String tool = "'" + toolName + "'";
        if (mayHaveActed) {
            return tool + " failed after its request reached " + (error.tool() == null ? "the provider" : error.tool())
                    + " and may already have taken effect; check the outcome before calling it again (Detour did not retry it).";
        }
        return switch (error.category()) {
            case BUDGET_EXHAUSTED -> tool + " could not finish within its time budget; call it again later"
                    + (largerBudget == null ? "." : " or " + largerBudget + ".");
            case TIMEOUT -> tool + " timed out at every provider it could try; try again later"
                    + (largerBudget == null ? "." : " or with a larger budget.");
            case NO_ROUTE -> "No provider of " + tool + " is available right now; try again later or tell the user the tool is down.";
            case INVALID_ARGUMENTS -> tool + " rejected the arguments (" + error.message() + "); correct them and call it again.";
            case NOT_FOUND -> tool + " found nothing for these arguments (" + error.message() + "); change them rather than retrying.";
            case UNAUTHENTICATED, FORBIDDEN -> tool + " was refused by its provider (" + error.category()
                    + "); do not retry, tell the user that access is missing.";
            case RATE_LIMITED, QUOTA_EXCEEDED -> tool + " is being throttled by its providers; try again"
                    + (error.retryAfter() == null ? " later." : " in " + Math.max(1, error.retryAfter().toSeconds()) + " s.");
            case CONFLICT -> tool + " conflicts with the current state (" + error.message() + "); re-read the state before trying again.";
            case TRANSIENT, UPSTREAM_UNAVAILABLE, INTERNAL -> tool + " failed at every provider it could try (" + error.category()
                    + "); try again later.";
        };
    }
}
