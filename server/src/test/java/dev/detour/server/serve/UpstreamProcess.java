package dev.detour.server.serve;

import dev.detour.server.fakes.HttpStubServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An {@link HttpStubServer} running as a real child process: started, killed (SIGKILL) and started again on its port. */
final class UpstreamProcess implements AutoCloseable {

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String CLASSPATH = System.getProperty("java.class.path");
    /** The bound on starting or stopping a child. */
    static final long WAIT_SECONDS = 15;

    private final String name;
    private Process process;
    private int port;

    private UpstreamProcess(String name) {
        this.name = name;
    }

    /** Starts {@code name} on any free port. */
    static UpstreamProcess start(String name) {
        UpstreamProcess upstream = new UpstreamProcess(name);
        upstream.launch(0);
        return upstream;
    }

    /** The MCP endpoint URL. */
    String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not exit within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a fresh process on the port the killed one had. */
    void restart() {
        launch(port);
    }

    private void launch(int onPort) {
        try {
            process = new ProcessBuilder(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", CLASSPATH,
                    HttpStubServer.class.getName(), name, Integer.toString(onPort)))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("PORT ")) {
                throw new AssertionError(name + " did not start: " + line);
            }
            port = Integer.parseInt(line.substring("PORT ".length()).strip());
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not start within " + WAIT_SECONDS + " s: " + e, e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
