package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.graphs.loader.NodeReader.Located;
import dev.detour.server.upstream.UpstreamSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@code upstreams} section: each upstream MCP server by name, with exactly one of
 * {@code url} (Streamable HTTP) or {@code command} (a stdio child process).
 */
final class UpstreamsReader {

    private static final List<String> KEYS = List.of("url", "command");

    private final NodeReader r;

    UpstreamsReader(NodeReader r) {
        this.r = r;
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
        try {
            if (url != null) {
                f.string("url").ifPresent(text -> http(u.key(), url, text, out));
            } else if (command.value() instanceof ScalarNode) {
                f.string("command").ifPresent(text -> out.put(u.key(), UpstreamSpec.parse(u.key() + "=stdio:" + text)));
            } else {
                List<String> words = r.strings(command.value(), command.path()).stream().map(Located::value).toList();
                if (words.isEmpty()) {
                    r.problem(command.value(), command.path(), "the command is empty", "give the program and its arguments, e.g. [npx, -y, my-mcp-server]");
                } else {
                    out.put(u.key(), new UpstreamSpec.Stdio(u.key(), words));
                }
            }
        } catch (IllegalArgumentException e) {
            Entry at = url != null ? url : command;
            r.problem(at.value(), at.path(), e.getMessage(), "correct the upstream's " + at.key());
        }
    }

    private void http(String name, Entry url, String text, Map<String, UpstreamSpec> out) {
        try {
            URI uri = URI.create(text);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host");
            }
            out.put(name, new UpstreamSpec.Http(name, uri));
        } catch (IllegalArgumentException e) {
            r.problem(url.value(), url.path(), "'" + text + "' is not a usable upstream URL: " + e.getMessage(),
                    "write an absolute http(s) URL of the upstream's MCP endpoint, e.g. http://localhost:8081/mcp");
        }
    }
}
