package dev.detour.server.upstream;

import dev.detour.server.secret.Secret;
import dev.detour.server.secret.UpstreamCredentials;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one upstream MCP server is: a Streamable HTTP URL or a stdio command. Immutable.
 */
public sealed interface UpstreamSpec {

    /** Upstream names: what tool-name prefixes are made of. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** The upstream's name (prefix for colliding tool names, tag in errors and logs). */
    String name();

    /**
     * True when calls forwarded to this upstream carry the caller's {@code {sub, tenant, roles}} in
     * {@code _meta["dev.detour/principal"]} ({@code forwardIdentity: true}); off by default.
     */
    boolean forwardIdentity();

    /**
     * A Streamable HTTP upstream.
     *
     * @param credentials     what Detour presents to it: headers, an OAuth client-credentials token
     * @param forwardIdentity send the caller's identity in {@code _meta}
     */
    record Http(String name, URI url, UpstreamCredentials credentials, boolean forwardIdentity) implements UpstreamSpec {
        public Http {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(credentials, "credentials");
            checkName(name);
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("upstream URL must be http or https, got " + url);
            }
        }

        /** No credentials, no identity forwarded. */
        public Http(String name, URI url) {
            this(name, url, UpstreamCredentials.NONE, false);
        }
    }

    /**
     * A stdio upstream: a child process speaking newline-delimited JSON-RPC.
     *
     * @param env             variables added to the child's environment (values may be secrets)
     * @param forwardIdentity send the caller's identity in {@code _meta}
     */
    record Stdio(String name, List<String> command, Map<String, Secret> env, boolean forwardIdentity) implements UpstreamSpec {
        public Stdio {
            checkName(name);
            command = List.copyOf(command);
            env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
            if (command.isEmpty()) {
                throw new IllegalArgumentException("stdio upstream '" + name + "' has no command");
            }
            for (String variable : env.keySet()) {
                if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'" + variable + "' is not an environment variable name");
                }
            }
        }

        /** No extra environment, no identity forwarded. */
        public Stdio(String name, List<String> command) {
            this(name, command, Map.of(), false);
        }
    }

    /**
     * Parses the CLI form: {@code [NAME=]URL} or {@code [NAME=]stdio:COMMAND ARGS…} (arguments split
     * on whitespace; single or double quotes group). Without a name, one is derived from the host or
     * the command.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static UpstreamSpec parse(String text) {
        String trimmed = text.strip();
        String name = null;
        int eq = trimmed.indexOf('=');
        int colon = trimmed.indexOf(':');
        if (eq > 0 && (colon < 0 || eq < colon) && NAME.matcher(trimmed.substring(0, eq)).matches()) {
            name = trimmed.substring(0, eq);
            trimmed = trimmed.substring(eq + 1);
        }
        if (trimmed.startsWith("stdio:")) {
            List<String> command = split(trimmed.substring("stdio:".length()));
            if (command.isEmpty()) {
                throw new IllegalArgumentException("--upstream '" + text + "': stdio: needs a command");
            }
            return new Stdio(name != null ? name : nameFromCommand(command), command);
        }
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            URI url;
            try {
                url = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--upstream '" + text + "': not a valid URL: " + e.getMessage());
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException("--upstream '" + text + "': the URL has no host");
            }
            return new Http(name != null ? name : sanitize(url.getHost() + (url.getPort() > 0 ? "_" + url.getPort() : "")), url);
        }
        throw new IllegalArgumentException(
                "--upstream '" + text + "': expected an http(s):// URL or stdio:COMMAND ARGS…");
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("upstream name '" + name + "' must match " + NAME.pattern());
        }
    }

    private static String nameFromCommand(List<String> command) {
        List<String> launchers = List.of("npx", "node", "java", "python", "python3", "uvx", "uv", "sh", "bash",
                "deno", "bun", "docker", "pnpm", "yarn");
        String pick = command.get(0);
        if (launchers.contains(baseName(pick))) {
            for (int i = command.size() - 1; i > 0; i--) {
                if (!command.get(i).startsWith("-")) {
                    pick = command.get(i);
                    break;
                }
            }
        }
        String base = baseName(pick);
        int dot = base.indexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String cleaned = sanitize(base);
        return cleaned.isEmpty() ? "stdio" : cleaned;
    }

    private static String baseName(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        String base = slash >= 0 ? p.substring(slash + 1) : p;
        int at = base.lastIndexOf('@');
        return at > 0 ? base.substring(0, at) : base;
    }

    private static String sanitize(String raw) {
        String cleaned = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    private static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in stdio command: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
