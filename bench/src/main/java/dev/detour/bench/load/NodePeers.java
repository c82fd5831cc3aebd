package dev.detour.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node side of the load harness, installed pinned into one directory (default
 * {@code ~/.cache/detour-bench}) the way server/src/test/conformance/run-conformance.sh installs its
 * peers: Node 22 from npm (so the machine's own Node does not matter), the npm {@code mcp-proxy}, the
 * TypeScript SDK and zod for the Node upstream, whose script is written there from this module's
 * resources on every run.
 */
final class NodePeers {

    /** What {@link #install} asks npm for: exact versions. */
    static final List<String> PACKAGES = List.of("node@22.23.3", "mcp-proxy@" + LoadStack.MCP_PROXY_VERSION,
            "@modelcontextprotocol/sdk@1.32.2", "zod@3.25.76");
    private static final String ECHO_UPSTREAM = "echo-upstream.mjs";

    private NodePeers() {
    }

    /** The pinned {@code node} executable. */
    static String node(Path dir) {
        return dir.resolve("node_modules/node/bin/node").toAbsolutePath().toString();
    }

    /** The npm {@code mcp-proxy}'s entry script. */
    static String mcpProxy(Path dir) {
        return dir.resolve("node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs").toAbsolutePath().toString();
    }

    /** The Node upstream's script. */
    static String echoUpstream(Path dir) {
        return dir.resolve(ECHO_UPSTREAM).toAbsolutePath().toString();
    }

    /**
     * Makes sure {@code dir} holds the pinned packages (running {@code npm install} once when they are
     * missing; needs {@code npm} on PATH and the registry) and the current Node upstream script.
     */
    static void install(Path dir) {
        try {
            Files.createDirectories(dir);
            boolean installed = Files.isExecutable(Path.of(node(dir))) && Files.exists(Path.of(mcpProxy(dir)))
                    && Files.isDirectory(dir.resolve("node_modules/@modelcontextprotocol/sdk"));
            if (!installed) {
                List<String> npm = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund"));
                npm.addAll(PACKAGES);
                run(dir, npm);
            }
            if (!run(dir, List.of(node(dir), "--version")).startsWith("v22")) {
                // npm may skip the node package's install script; it fetches the platform binary
                run(dir.resolve("node_modules/node"), List.of(node(dir), "installArchSpecificPackage"));
            }
            try (InputStream script = NodePeers.class.getResourceAsStream("/load/" + ECHO_UPSTREAM)) {
                if (script == null) {
                    throw new IllegalStateException("/load/" + ECHO_UPSTREAM + " is missing from the class path");
                }
                Files.write(dir.resolve(ECHO_UPSTREAM), script.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Node peers into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The Node version the upstream and mcp-proxy run on, e.g. {@code v22.23.3}. */
    static String version(Path dir) {
        return run(dir, List.of(node(dir), "--version")).strip();
    }

    private static String run(Path dir, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
