package dev.detour.server.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the references a config value may hold: {@code ${env:NAME}} (an environment variable)
 * and {@code ${file:/path}} (a file's content, one trailing newline dropped, as Kubernetes and
 * Docker secrets are mounted). Text around references stays, so {@code "Bearer ${env:GITHUB_TOKEN}"}
 * becomes the header value. Resolved once, when the config is loaded; a rotated file is picked up by
 * the next reload. Messages name the reference, never a resolved value. Thread-safe.
 */
public final class SecretTemplates {

    /** {@code ${env:NAME}} or {@code ${file:PATH}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Larger files are not secrets but mistakes (a log file, a binary). */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private final Function<String, String> environment;

    /**
     * @param environment looks up environment variables ({@code System::getenv} in production)
     */
    public SecretTemplates(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Templates over this process's environment. */
    public static SecretTemplates system() {
        return new SecretTemplates(System::getenv);
    }

    /** Templates over a fixed environment (tests). */
    public static SecretTemplates of(Map<String, String> environment) {
        return new SecretTemplates(environment::get);
    }

    /** True when {@code text} holds a reference. */
    public static boolean hasReference(String text) {
        return REFERENCE.matcher(text).find();
    }

    /**
     * Resolves every reference in {@code text}.
     *
     * @throws IllegalArgumentException naming the reference that cannot be resolved (unset variable,
     *     unreadable or oversized file), never a value
     */
    public Secret resolve(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String name = m.group(2);
            String value = "env".equals(kind) ? env(name) : file(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Secret.of(out.toString());
    }

    private String env(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'${env:" + name + "}' does not name an environment variable");
        }
        String value = environment.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }

    private static String file(String name) {
        Path path = Path.of(name);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("'${file:" + name + "}' must name an absolute path");
        }
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("secret file " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            String content = Files.readString(path, StandardCharsets.UTF_8);
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            // The exception's message names the path only (NoSuchFile, AccessDenied); its class says which.
            throw new IllegalArgumentException("secret file " + path + " cannot be read (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            default -> "I/O error";
        };
    }
}
