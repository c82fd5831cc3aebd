package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config value that names an environment variable instead of holding the value: {@code ${env:NAME}},
 * as the whole value. Meant for secrets (today {@code llm.apiKey}), so a key need not be written into
 * {@code detour.yaml} or a ConfigMap. Resolved when the file is loaded, so also on every reload.
 *
 * <p>A small resolver of the config package's own, not a general templating step: only a whole
 * {@code ${env:…}} value is resolved, and problems name the variable, never a value (neither the one
 * written nor the one resolved), since either may be a secret.
 */
final class EnvReference {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvReference() {
    }

    /**
     * {@code value} as written, or the environment variable's value when it is {@code ${env:NAME}}.
     * Empty, with a problem at {@code at}, when the variable is not set or the reference is malformed.
     *
     * @param environment a variable's value by name, {@code null} when unset ({@code System::getenv})
     */
    static Optional<String> resolve(NodeReader r, Entry at, String value, UnaryOperator<String> environment) {
        if (!value.contains("${")) {
            return Optional.of(value);
        }
        Matcher reference = REFERENCE.matcher(value.strip());
        if (!reference.matches()) {
            r.problem(at.value(), at.path(), "only a whole ${env:NAME} value is resolved, and NAME must be an environment variable's name",
                    "write the whole value as ${env:NAME}, e.g. " + at.key() + ": ${env:OPENAI_API_KEY}");
            return Optional.empty();
        }
        String name = reference.group(1);
        String resolved = environment.apply(name);
        if (resolved == null || resolved.isBlank()) {
            r.problem(at.value(), at.path(), "environment variable '" + name + "' is not set",
                    "set " + name + " in Detour's environment (in Kubernetes: env with valueFrom.secretKeyRef), or leave '" + at.key() + "' out");
            return Optional.empty();
        }
        return Optional.of(resolved);
    }
}
