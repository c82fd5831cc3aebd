package dev.detour.health.risk;

import java.nio.file.Path;

/** A risk policy file is wrong; the message names the file, line and field. */
public final class RiskPolicyException extends IllegalArgumentException {

    private final String file;
    private final int line;
    private final String field;

    public RiskPolicyException(String file, int line, String field, String message) {
        super(file + ":" + line + ": field '" + field + "': " + message);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    RiskPolicyException(Path file, int line, String field, String message) {
        this(file.toString(), line, field, message);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
