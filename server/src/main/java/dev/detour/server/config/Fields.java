package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.router.InvalidFieldException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The fields of one mapping in {@code detour.yaml}, with typed getters and setters that record a
 * problem in the {@link NodeReader} instead of throwing. Not thread-safe; one per mapping read.
 */
final class Fields {

    private final NodeReader r;
    private final Node at;
    private final String path;
    private final Map<String, Entry> entries;

    private Fields(NodeReader r, Node at, String path, Map<String, Entry> entries) {
        this.r = r;
        this.at = at;
        this.path = path;
        this.entries = entries;
    }

    /** The fields of an entry's mapping value; problems about the whole are reported at its key. */
    static Optional<Fields> of(NodeReader r, Entry section, Collection<String> keys) {
        return of(r, section.value(), section.path(), section.keyNode(), keys);
    }

    /**
     * The fields of a mapping node at {@code path}; problems about the whole are reported at
     * {@code at}. Unknown keys (when {@code keys} is not null) and a non-mapping are problems.
     */
    static Optional<Fields> of(NodeReader r, Node mapping, String path, Node at, Collection<String> keys) {
        return r.mapping(mapping, path, keys).map(entries -> new Fields(r, at, path, entries));
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Entry get(String key) {
        return entries.get(key);
    }

    /** The entry of a required key; its absence is a problem. */
    Optional<Entry> required(String key, String fix) {
        Entry e = entries.get(key);
        if (e == null) {
            r.problem(at, path + "." + key, "'" + key + "' is required", fix);
        }
        return Optional.ofNullable(e);
    }

    Optional<String> string(String key) {
        return has(key) ? r.string(get(key).value(), get(key).path()) : Optional.empty();
    }

    Optional<Duration> duration(String key) {
        return has(key) ? r.duration(get(key).value(), get(key).path()) : Optional.empty();
    }

    Optional<Double> number(String key) {
        return has(key) ? r.number(get(key).value(), get(key).path()) : Optional.empty();
    }

    void duration(String key, Consumer<Duration> set) {
        duration(key).ifPresent(set);
    }

    void number(String key, Consumer<Double> set) {
        number(key).ifPresent(set);
    }

    void integer(String key, Consumer<Integer> set) {
        if (has(key)) {
            r.integer(get(key).value(), get(key).path()).ifPresent(set);
        }
    }

    /** A present key's whole number, or {@code fallback} when it is not one. */
    int integer(String key, int fallback) {
        return r.integer(get(key).value(), get(key).path()).orElse(fallback);
    }

    void bool(String key, Consumer<Boolean> set) {
        if (has(key)) {
            r.bool(get(key).value(), get(key).path()).ifPresent(set);
        }
    }

    /** A present key's boolean, or {@code true} when it is not one. */
    boolean bool(String key) {
        return r.bool(get(key).value(), get(key).path()).orElse(true);
    }

    /** {@link #build(Supplier, Map, Function)} for a record whose components are named as the YAML keys, with one fix. */
    <T> Optional<T> build(Supplier<T> build, String fix) {
        return build(build, Map.of(), key -> fix);
    }

    /**
     * Builds a record from these fields with {@code build}, which may read fields (their problems are
     * recorded as usual) and lets the record check its own values. A value the record rejects becomes
     * a problem: at the first field it names that the file sets ({@link InvalidFieldException}), else
     * at this mapping as a whole.
     *
     * @param keys record component → YAML key, where they differ
     * @param fix  the fix for a rejected value, by the YAML key at fault ({@code null}: the whole mapping)
     * @return the record, or empty when a problem was recorded while building it
     */
    <T> Optional<T> build(Supplier<T> build, Map<String, String> keys, Function<String, String> fix) {
        int before = r.problems().size();
        try {
            T built = build.get();
            return r.problems().size() > before ? Optional.empty() : Optional.of(built);
        } catch (IllegalArgumentException e) {
            if (r.problems().size() == before) {
                rejected(e, keys, fix);
            }
            return Optional.empty();
        }
    }

    private void rejected(IllegalArgumentException e, Map<String, String> keys, Function<String, String> fix) {
        if (e instanceof InvalidFieldException invalid) {
            for (String component : invalid.fields()) {
                String key = keys.getOrDefault(component, component);
                Entry set = entries.get(key);
                if (set != null) {
                    r.problem(set.value(), set.path(), e.getMessage(), fix.apply(key));
                    return;
                }
            }
        }
        r.problem(at, path, e.getMessage(), fix.apply(null));
    }

    /** A present key's value as one of {@code choices}, or {@code fallback} when it is none of them. */
    <T> T choice(String key, Map<String, T> choices, T fallback) {
        Optional<String> v = r.string(get(key).value(), get(key).path());
        if (v.isPresent() && choices.containsKey(v.get())) {
            return choices.get(v.get());
        }
        v.ifPresent(value -> r.problem(get(key).value(), get(key).path(), "'" + value + "' is not one of " + choices.keySet(),
                "write one of: " + String.join(", ", choices.keySet())));
        return fallback;
    }
}
