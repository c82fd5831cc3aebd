package dev.detour.router.exec;

import dev.detour.router.error.ToolError;
import java.util.Objects;

/** The result of one tool call: a value either way, never an exception. */
public sealed interface ToolOutcome {

    static ToolOutcome success(Object result) {
        return new Success(result);
    }

    static ToolOutcome failure(ToolError error) {
        return new Failure(error);
    }

    /** The call returned {@code result} (a plain tree of maps, lists and scalars). */
    record Success(Object result) implements ToolOutcome {
    }

    /** The call failed as {@code error} says. */
    record Failure(ToolError error) implements ToolOutcome {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }
}
