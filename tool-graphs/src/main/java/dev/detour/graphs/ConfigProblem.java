package dev.detour.graphs;

import java.util.Objects;

/**
 * One problem in a configuration file: where it is, what is wrong, and how to fix it.
 *
 * @param file    the file (or resource) name as the user gave it
 * @param line    1-based line, or 0 when the problem concerns the file as a whole
 * @param column  1-based column, or 0 when unknown
 * @param field   the path of the offending field, e.g. {@code transitions[3].to} or {@code steps.draft.args}
 * @param message what is wrong, one sentence
 * @param fix     what to change, one sentence
 */
public record ConfigProblem(String file, int line, int column, String field, String message, String fix) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code file:line:column: field: message. Fix: fix} — the form editors and terminals link. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + (column > 0 ? ":" + column : "") : file;
        return where + ": " + field + ": " + message + ". Fix: " + fix;
    }
}
