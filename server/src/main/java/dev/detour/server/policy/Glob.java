package dev.detour.server.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A name pattern in a policy rule: {@code *} matches any run of characters (slashes included),
 * everything else matches itself — {@code web_*}, {@code github/get_*}, {@code file:///kb/*},
 * {@code *}. Deliberately smaller than a file glob (no classes, no braces), so what a rule grants is
 * what it reads like. Immutable; equal when the patterns are.
 */
public final class Glob {

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern) {
        this.pattern = pattern;
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * @throws IllegalArgumentException when {@code pattern} is blank (it would grant nothing, silently)
     */
    public static Glob of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("an empty pattern grants nothing; remove it or write '*'");
        }
        return new Glob(pattern);
    }

    /** True when {@code name} matches. */
    public boolean matches(String name) {
        return name != null && regex.matcher(name).matches();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
