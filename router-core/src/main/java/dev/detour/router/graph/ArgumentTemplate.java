package dev.detour.router.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Arguments of a step, with references to earlier results.
 *
 * <p>Any string value may contain {@code ${output}} or {@code ${output/json/pointer}}: {@code
 * output} is the output name of an earlier step (or {@code input} for the request's inputs) and
 * the rest is an RFC 6901 JSON Pointer into that result. A string that is exactly one reference
 * takes the referenced value as is (a number stays a number, an object stays an object); a
 * reference inside a longer string is interpolated as text. Maps and lists are rendered
 * recursively. {@link #INPUTS} is the template that hands the request's inputs on whole. Templates
 * are immutable.
 */
public final class ArgumentTemplate {

    /** A template with no arguments. */
    public static final ArgumentTemplate EMPTY = new ArgumentTemplate(Map.of());

    /** The reserved output name of the request's own inputs. */
    public static final String INPUT = "input";

    /**
     * The request's inputs as they are, every key and value (JSON nulls included): for a step that
     * hands its caller's arguments on unchanged, such as a provider of a logical tool. A map
     * template cannot say this — it renders the keys it names — so it is a template of its own. It
     * has no {@linkplain #raw() raw} form and reads no earlier result.
     */
    public static final ArgumentTemplate INPUTS = new ArgumentTemplate(Map.of(), true);

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}/]+)((?:/[^}]*)?)}");

    private final Map<String, Object> template;
    private final Set<String> references;
    private final boolean wholeInputs;

    private ArgumentTemplate(Map<String, Object> template) {
        this(template, false);
    }

    private ArgumentTemplate(Map<String, Object> template, boolean wholeInputs) {
        this.template = template;
        this.wholeInputs = wholeInputs;
        Set<String> refs = new LinkedHashSet<>();
        collectReferences(template, refs);
        this.references = Set.copyOf(refs);
    }

    /** A template from a map of argument names to values (strings may hold references). */
    public static ArgumentTemplate of(Map<String, ?> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return EMPTY;
        }
        return new ArgumentTemplate(deepCopy(arguments));
    }

    /** The raw template, as given; empty for {@link #INPUTS}. */
    public Map<String, Object> raw() {
        return template;
    }

    /** The output names this template reads (without {@link #INPUT}). */
    public Set<String> references() {
        return references;
    }

    /**
     * Renders the arguments against the results so far.
     *
     * @param outputs results by output name; {@link #INPUT} holds the request inputs
     * @throws UnresolvedReferenceException when a reference names no result or its pointer matches nothing
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> render(Map<String, ?> outputs) {
        if (wholeInputs) {
            if (!(outputs.get(INPUT) instanceof Map<?, ?> inputs)) {
                throw new UnresolvedReferenceException("${" + INPUT + "}: the request has no inputs");
            }
            return (Map<String, Object>) inputs;
        }
        return (Map<String, Object>) Objects.requireNonNull(renderValue(template, outputs)); // a map renders to a map
    }

    private static @Nullable Object renderValue(@Nullable Object value, Map<String, ?> outputs) {
        return switch (value) {
            case String s -> renderString(s, outputs);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), renderValue(v, outputs)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(renderValue(v, outputs)));
                yield out;
            }
            case null -> null;
            default -> value;
        };
    }

    private static Object renderString(String s, Map<String, ?> outputs) {
        Matcher m = REFERENCE.matcher(s);
        if (m.matches()) {
            return resolve(m.group(1), m.group(2), outputs);
        }
        m.reset();
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        while (m.find()) {
            found = true;
            Object v = resolve(m.group(1), m.group(2), outputs);
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(v)));
        }
        if (!found) {
            return s;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Object resolve(String output, String pointer, Map<String, ?> outputs) {
        if (!outputs.containsKey(output)) {
            throw new UnresolvedReferenceException("${" + output + pointer + "}: no result named '" + output + "' yet");
        }
        return JsonPointer.parse(pointer)
                .find(outputs.get(output))
                .orElseThrow(() -> new UnresolvedReferenceException(
                        "${" + output + pointer + "}: pointer '" + pointer + "' matches nothing in the result of '" + output + "'"));
    }

    private static void collectReferences(Object value, Set<String> refs) {
        switch (value) {
            case String s -> {
                Matcher m = REFERENCE.matcher(s);
                while (m.find()) {
                    JsonPointer.parse(m.group(2)); // fail at build time on a malformed pointer
                    if (!INPUT.equals(m.group(1))) {
                        refs.add(m.group(1));
                    }
                }
            }
            case Map<?, ?> m -> m.values().forEach(v -> collectReferences(v, refs));
            case List<?> l -> l.forEach(v -> collectReferences(v, refs));
            case null, default -> { }
        }
    }

    private static Map<String, Object> deepCopy(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, deepCopyValue(v)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static Object deepCopyValue(Object v) {
        return switch (v) {
            case Map<?, ?> m -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                m.forEach((k, x) -> copy.put(String.valueOf(k), deepCopyValue(x)));
                yield java.util.Collections.unmodifiableMap(copy);
            }
            case List<?> l -> java.util.Collections.unmodifiableList(l.stream().map(ArgumentTemplate::deepCopyValue).toList());
            case null, default -> v;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArgumentTemplate other && wholeInputs == other.wholeInputs && template.equals(other.template);
    }

    @Override
    public int hashCode() {
        return 31 * template.hashCode() + Boolean.hashCode(wholeInputs);
    }

    @Override
    public String toString() {
        return wholeInputs ? "${" + INPUT + "}" : template.toString();
    }

    /** A reference in a template that cannot be resolved against the results so far. */
    public static final class UnresolvedReferenceException extends IllegalArgumentException {
        public UnresolvedReferenceException(String message) {
            super(message);
        }
    }
}
