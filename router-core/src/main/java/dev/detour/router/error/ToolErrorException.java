package dev.detour.router.error;

/**
 * Carries a {@link ToolError} through APIs that can only fail with an exception, such as the
 * blocking facade or a {@code ToolInvoker} that prefers to throw. No stack trace: it is a value in
 * disguise, and filling one in costs more than the failure it reports.
 */
public final class ToolErrorException extends RuntimeException {

    private final ToolError error;

    public ToolErrorException(ToolError error) {
        super(error.category() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public ToolError error() {
        return error;
    }
}
