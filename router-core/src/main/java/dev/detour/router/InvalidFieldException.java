package dev.detour.router;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * A configuration record rejected a value: thrown by the compact constructors of config records
 * such as {@link RouterConfig} and {@link dev.detour.router.budget.BudgetConfig}, naming the
 * components at fault, so a file loader can point at the line that set them. Still an {@link
 * IllegalArgumentException}, like every other rejected argument.
 *
 * <p>When a rule relates two fields (a default above its maximum) both are named, the first being
 * the one to change.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> fields;

    /**
     * @param fields  the record components at fault, the one to change first; at least one
     * @param message what is wrong, naming the first field and the value
     */
    public InvalidFieldException(List<String> fields, String message) {
        super(message);
        this.fields = List.copyOf(fields);
        if (this.fields.isEmpty()) {
            throw new IllegalArgumentException("an invalid field needs a name");
        }
    }

    /** The one field at fault. */
    public InvalidFieldException(String field, String message) {
        this(List.of(Objects.requireNonNull(field, "field")), message);
    }

    /** The record components at fault, the one to change first. */
    public List<String> fields() {
        return fields;
    }
}
