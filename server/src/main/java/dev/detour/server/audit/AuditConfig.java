package dev.detour.server.audit;

import dev.detour.router.InvalidFieldException;
import java.nio.file.Path;

/**
 * The {@code audit:} section: where the audit log goes and what it may contain beyond the defaults.
 * Immutable.
 *
 * @param file      the file lines are appended to, or {@code null} for standard output
 * @param arguments also log each call's arguments (off by default: they may hold personal data)
 * @param results   also log each call's result (off by default, for the same reason)
 */
public record AuditConfig(Path file, boolean arguments, boolean results) {

    /** {@code to: stdout}. */
    public static final String STDOUT = "stdout";

    public AuditConfig {
        if (file != null && !file.isAbsolute()) {
            throw new InvalidFieldException("to", "the audit file must be an absolute path (or 'stdout'), got '" + file + "'");
        }
    }
}
