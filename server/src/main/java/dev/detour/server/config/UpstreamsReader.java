package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.server.secret.OAuthClientConfig;
import dev.detour.server.secret.Secret;
import dev.detour.server.secret.SecretTemplates;
import dev.detour.server.secret.UpstreamCredentials;
import dev.detour.server.upstream.UpstreamSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@code upstreams} section: each upstream MCP server by name, with exactly one of
 * {@code url} (Streamable HTTP) or {@code command} (a stdio child process), and what Detour presents
 * to it: {@code headers} and {@code oauth} (HTTP), {@code env} (stdio) — values may read
 * {@code ${env:NAME}} or {@code ${file:/path}} and are never quoted in a problem — and
 * {@code forwardIdentity}.
 */
final class UpstreamsReader {

    private static final List<String> KEYS = List.of("url", "command", "headers", "oauth", "env", "forwardIdentity");
    private static final List<String> OAUTH_KEYS = List.of("tokenUrl", "clientId", "clientSecret", "scopes", "resource");

    private final NodeReader r;
    private final SecretFields secrets;

    UpstreamsReader(NodeReader r, SecretTemplates templates) {
        this.r = r;
        this.secrets = new SecretFields(r, templates);
    }

    /** The upstreams that are well declared, by name in file order; the others are problems. */
    Map<String, UpstreamSpec> read(Entry section) {
        Map<String, UpstreamSpec> upstreams = new LinkedHashMap<>();
        r.mapping(section.value(), section.path(), null).ifPresent(entries -> {
            if (entries.isEmpty()) {
                r.problem(section.keyNode(), section.path(), "no upstream is declared", "declare at least one upstream MCP server");
            }
            entries.values().forEach(u -> upstream(u, upstreams));
        });
        return upstreams;
    }

    private void upstream(Entry u, Map<String, UpstreamSpec> out) {
        if (!UpstreamSpec.NAME.matcher(u.key()).matches()) {
            r.problem(u.keyNode(), u.path(), "upstream name '" + u.key() + "' is not allowed", "use 1 to 64 letters, digits, '_', '.' or '-'");
            return;
        }
        Fields f = Fields.of(r, u, KEYS).orElse(null);
        if (f == null) {
            return;
        }
        Entry url = f.get("url");
        Entry command = f.get("command");
        if ((url == null) == (command == null)) {
            r.problem(u.keyNode(), u.path(), url == null ? "neither 'url' nor 'command' is given" : "both 'url' and 'command' are given",
                    "give exactly one: url: http://host:port/mcp for Streamable HTTP, or command: [program, args...] for stdio");
            return;
        }
        boolean forwardIdentity = f.has("forwardIdentity") && f.bool("forwardIdentity");
        if (url != null && f.has("env")) {
            r.problem(f.get("env").keyNode(), f.get("env").path(), "'env' is for stdio upstreams",
                    "send credentials to an HTTP upstream with headers or oauth");
            return;
        }
        if (command != null && (f.has("headers") || f.has("oauth"))) {
            Entry wrong = f.has("headers") ? f.get("headers") : f.get("oauth");
            r.problem(wrong.keyNode(), wrong.path(), "'" + wrong.key() + "' is for HTTP upstreams",
                    "give a stdio upstream its credentials in env: {NAME: \"${env:NAME}\"}");
            return;
        }
        try {
            if (url != null) {
                Optional<UpstreamCredentials> credentials = credentials(f);
                f.string("url").ifPresent(text -> credentials.ifPresent(c -> http(u.key(), url, text, c, forwardIdentity, out)));
            } else {
                Map<String, Secret> env = f.has("env") ? secrets.secrets(f.get("env")) : Map.of();
                List<String> words = command.value() instanceof ScalarNode
                        ? f.string("command").map(text -> ((UpstreamSpec.Stdio) UpstreamSpec.parse(u.key() + "=stdio:" + text)).command())
                                .orElse(List.of())
                        : r.strings(command.value(), command.path()).stream().map(Located::value).toList();
                if (words.isEmpty()) {
                    if (!(command.value() instanceof ScalarNode)) {
                        r.problem(command.value(), command.path(), "the command is empty", "give the program and its arguments, e.g. [npx, -y, my-mcp-server]");
                    }
                } else {
                    out.put(u.key(), new UpstreamSpec.Stdio(u.key(), words, env, forwardIdentity));
                }
            }
        } catch (IllegalArgumentException e) {
            Entry at = url != null ? url : command;
            r.problem(at.value(), at.path(), e.getMessage(), "correct the upstream's " + at.key());
        }
    }

    /** The HTTP upstream's headers and oauth; empty when either has problems. */
    private Optional<UpstreamCredentials> credentials(Fields f) {
        int before = r.problems().size();
        Map<String, Secret> headers = new LinkedHashMap<>();
        if (f.has("headers")) {
            Entry h = f.get("headers");
            r.mapping(h.value(), h.path(), null).ifPresent(entries -> entries.values().forEach(e -> secrets.secret(e).ifPresent(value -> {
                try {
                    UpstreamCredentials.checkHeader(e.key(), value);
                    headers.put(e.key(), value);
                } catch (IllegalArgumentException ex) {
                    r.problem(e.keyNode(), e.path(), ex.getMessage(), "remove it, or give a header Detour does not set itself");
                }
            })));
        }
        OAuthClientConfig oauth = f.has("oauth") ? oauth(f.get("oauth")).orElse(null) : null;
        if (r.problems().size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UpstreamCredentials(headers, oauth));
        } catch (IllegalArgumentException e) {
            r.problem(f.get("oauth").keyNode(), f.get("oauth").path(), e.getMessage(), "remove the Authorization header or the oauth section");
            return Optional.empty();
        }
    }

    private Optional<OAuthClientConfig> oauth(Entry e) {
        Optional<Fields> fields = Fields.of(r, e, OAUTH_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields o = fields.get();
        int before = r.problems().size();
        Optional<String> tokenUrl = o.required("tokenUrl", "give the token endpoint, e.g. tokenUrl: https://idp.example.com/oauth2/token")
                .flatMap(x -> o.string("tokenUrl"));
        Optional<String> clientId = o.required("clientId", "give Detour's client id at the authorization server").flatMap(x -> o.string("clientId"));
        Optional<Secret> clientSecret = o.required("clientSecret", "read it from a secret: clientSecret: \"${file:/run/secrets/client}\"")
                .flatMap(secrets::secret);
        List<String> scopes = o.has("scopes") ? r.strings(o.get("scopes").value(), o.get("scopes").path()).stream().map(Located::value).toList()
                : List.of();
        String resource = o.string("resource").orElse(null);
        if (r.problems().size() > before || tokenUrl.isEmpty() || clientId.isEmpty() || clientSecret.isEmpty()) {
            return Optional.empty();
        }
        URI token;
        try {
            token = new URI(tokenUrl.get());
        } catch (java.net.URISyntaxException ex) {
            r.problem(o.get("tokenUrl").value(), o.get("tokenUrl").path(), "'" + tokenUrl.get() + "' is not a URL", "write the token endpoint's full URL");
            return Optional.empty();
        }
        return o.build(() -> new OAuthClientConfig(token, clientId.get(), clientSecret.get(), scopes, resource), "correct oauth as the message says");
    }

    private void http(String name, Entry url, String text, UpstreamCredentials credentials, boolean forwardIdentity, Map<String, UpstreamSpec> out) {
        try {
            URI uri = URI.create(text);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host");
            }
            out.put(name, new UpstreamSpec.Http(name, uri, credentials, forwardIdentity));
        } catch (IllegalArgumentException e) {
            r.problem(url.value(), url.path(), "'" + text + "' is not a usable upstream URL: " + e.getMessage(),
                    "write an absolute http(s) URL of the upstream's MCP endpoint, e.g. http://localhost:8081/mcp");
        }
    }
}
