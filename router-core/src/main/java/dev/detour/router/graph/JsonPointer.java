package dev.detour.router.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6901 JSON Pointer over plain Java trees (maps, lists, scalars). Written by hand because
 * router-core must not depend on Jackson databind, and the RFC is twenty lines of logic.
 */
public record JsonPointer(List<String> tokens) {

    /** The pointer to the whole document. */
    public static final JsonPointer ROOT = new JsonPointer(List.of());

    public JsonPointer {
        tokens = List.copyOf(tokens);
    }

    /**
     * Parses a pointer such as {@code /results/0/url}; the empty string is the whole document.
     *
     * @throws IllegalArgumentException when the pointer does not start with '/' or has a bad escape
     */
    public static JsonPointer parse(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return ROOT;
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("JSON Pointer '" + pointer + "' must start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw, pointer));
        }
        return new JsonPointer(tokens);
    }

    private static String unescape(String raw, String pointer) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            switch (next) {
                case '0' -> sb.append('~');
                case '1' -> sb.append('/');
                default -> throw new IllegalArgumentException("JSON Pointer '" + pointer + "' has a bad escape: '~' must be followed by 0 or 1");
            }
            i++;
        }
        return sb.toString();
    }

    /** The value the pointer designates in {@code document}, or empty when there is none. */
    public Optional<Object> find(Object document) {
        Object current = document;
        for (String token : tokens) {
            switch (current) {
                case Map<?, ?> map -> {
                    if (!map.containsKey(token)) {
                        return Optional.empty();
                    }
                    current = map.get(token);
                }
                case List<?> list -> {
                    int index = arrayIndex(token);
                    if (index < 0 || index >= list.size()) {
                        return Optional.empty();
                    }
                    current = list.get(index);
                }
                case null, default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.ofNullable(current);
    }

    private static int arrayIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }
}
