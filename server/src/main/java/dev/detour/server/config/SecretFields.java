package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.server.secret.Secret;
import dev.detour.server.secret.SecretTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads config values that may be secrets — header values, client secrets, a stdio child's
 * environment — resolving {@code ${env:…}} and {@code ${file:…}}. Unlike the other readers, no
 * problem it reports quotes the value: a typo in a secret must not put the secret on a terminal.
 */
final class SecretFields {

    private final NodeReader r;
    private final SecretTemplates templates;

    SecretFields(NodeReader r, SecretTemplates templates) {
        this.r = r;
        this.templates = templates;
    }

    /** One secret scalar at {@code e}. */
    Optional<Secret> secret(Entry e) {
        if (!(e.value() instanceof ScalarNode s) || Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty()) {
            r.problem(e.value(), e.path(), "expected a value (text, ${env:NAME} or ${file:/path})",
                    "write " + e.key() + ": \"${env:NAME}\" to read it from the environment");
            return Optional.empty();
        }
        try {
            return Optional.of(templates.resolve(s.getValue()));
        } catch (IllegalArgumentException ex) {
            r.problem(e.value(), e.path(), ex.getMessage(), "set the variable or create the file, or correct the reference");
            return Optional.empty();
        }
    }

    /** A mapping of names to secret values, in file order. */
    Map<String, Secret> secrets(Entry e) {
        Map<String, Secret> out = new LinkedHashMap<>();
        r.mapping(e.value(), e.path(), null).ifPresent(entries -> entries.values().forEach(v -> secret(v).ifPresent(s -> out.put(v.key(), s))));
        return out;
    }
}
