package dev.detour.server.upstream.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolErrorException;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.JsonRpcException;
import dev.detour.server.upstream.UpstreamFailures;
import dev.detour.server.upstream.UpstreamTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP stdio client transport, with supervision: the upstream is a child process speaking
 * newline-delimited JSON-RPC on stdin/stdout (stderr is its log).
 *
 * <ul>
 *   <li>The child runs in its own process group ({@link ChildProcess}).
 *   <li>Pipe reads and writes block, so they run on threads of their own, never on the event loop;
 *       each message is handed to the event loop once parsed. Platform threads, not virtual ones: a
 *       read blocked in native code on a pipe holds its carrier, and with two idle children's
 *       stdout and stderr readers parked on a 2-core machine no carrier was left for the stdin
 *       writers, so requests stopped reaching the children (found by the load harness).
 *   <li>A spawn failure is a failed {@link #start}, not a crash of Detour.
 *   <li>When the child exits unexpectedly, {@link Receiver#onDisconnected} fires at once (so calls in
 *       flight fail with a structured error carrying the exit code and the tail of stderr), leftover
 *       group members are stopped, and the child is restarted after an exponential backoff, then
 *       {@link Receiver#onReconnected} fires. The backoff resets once a restarted child speaks.
 *   <li>{@link #close} closes stdin, then SIGTERM, then SIGKILL after the grace period.
 * </ul>
 * State is confined to the event loop of the context that called {@link #start}.
 */
public final class StdioUpstreamTransport implements UpstreamTransport {

    private static final Logger LOG = LoggerFactory.getLogger(StdioUpstreamTransport.class);
    private static final byte[] END_OF_INPUT = new byte[0];

    private final Vertx vertx;
    private final List<String> command;
    private final java.util.Map<String, dev.detour.server.secret.Secret> env;
    private final String name;
    private final StdioSupervisorConfig config;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private Context context;
    private Receiver receiver;
    private ChildProcess child;
    private BlockingQueue<byte[]> outbox;
    private int generation;
    private int consecutiveFailures;
    private boolean spoke;
    private boolean closed;
    private long restartTimer = -1;

    /**
     * @param command the command and its arguments
     * @param name    the upstream's name, for errors and logs
     */
    public StdioUpstreamTransport(Vertx vertx, List<String> command, String name, StdioSupervisorConfig config) {
        this(vertx, command, java.util.Map.of(), name, config);
    }

    /** @param env variables added to the child's environment (the upstream's {@code env:}) */
    public StdioUpstreamTransport(Vertx vertx, List<String> command, java.util.Map<String, dev.detour.server.secret.Secret> env, String name,
            StdioSupervisorConfig config) {
        this.env = java.util.Map.copyOf(env);
        this.vertx = vertx;
        this.command = List.copyOf(command);
        this.name = name;
        this.config = config;
    }

    @Override
    public Future<Void> start(Receiver newReceiver) {
        this.receiver = newReceiver;
        this.context = vertx.getOrCreateContext();
        return spawn();
    }

    @Override
    public void protocolVersion(String version) {
        // stdio has no per-message headers.
    }

    @Override
    public Future<Void> send(ObjectNode message) {
        if (closed || child == null || !child.isAlive()) {
            return Future.failedFuture(unavailable("stdio upstream '" + name + "' is not running", SideEffects.NONE));
        }
        outbox.add(JsonRpc.encode(message).appendByte((byte) '\n').getBytes());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        vertx.cancelTimer(restartTimer);
        ChildProcess current = child;
        if (current == null || !current.isAlive()) {
            return Future.succeededFuture();
        }
        outbox.add(END_OF_INPUT);
        Promise<Void> stopped = Promise.promise();
        Thread.ofVirtual().name("detour-stdio-stop-" + name).start(() -> {
            try {
                // The spec's order: close stdin and give the child a moment to leave on its own.
                current.process().waitFor(config.terminateGrace().toMillis() / 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current.terminate(config.terminateGrace());
            context.runOnContext(v -> stopped.complete());
        });
        return stopped.future();
    }

    private Future<Void> spawn() {
        Promise<Void> started = Promise.promise();
        Thread.ofVirtual().name("detour-stdio-spawn-" + name).start(() -> {
            try {
                ChildProcess process = ChildProcess.start(command, env);
                context.runOnContext(v -> {
                    if (closed) {
                        Thread.ofVirtual().start(() -> process.terminate(config.terminateGrace()));
                        started.fail(unavailable("stdio upstream '" + name + "' closed while starting", SideEffects.NONE));
                        return;
                    }
                    attach(process);
                    started.complete();
                });
            } catch (IOException | RuntimeException e) {
                context.runOnContext(v -> started.fail(unavailable("stdio upstream '" + name + "' could not be started ("
                        + String.join(" ", command) + "): " + e.getMessage(), SideEffects.NONE)));
            }
        });
        return started.future();
    }

    private void attach(ChildProcess process) {
        int current = ++generation;
        child = process;
        spoke = false;
        BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        outbox = queue;
        LOG.info("{}: started stdio upstream pid {}: {}", name, process.pid(), String.join(" ", command));
        Thread.ofPlatform().daemon().name("detour-stdio-out-" + name).start(() -> readStdout(process, current));
        Thread.ofPlatform().daemon().name("detour-stdio-err-" + name).start(() -> readStderr(process));
        Thread.ofPlatform().daemon().name("detour-stdio-in-" + name).start(() -> writeStdin(process, queue));
        process.onExit().thenRun(() -> context.runOnContext(v -> exited(process, current)));
    }

    private void readStdout(ChildProcess process, int owner) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.process().getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode parsed;
                try {
                    parsed = JsonRpc.parse(line.getBytes(StandardCharsets.UTF_8));
                } catch (JsonRpcException e) {
                    LOG.warn("{}: ignored a line on stdout that is not JSON: {}", name, abbreviate(line));
                    continue;
                }
                if (parsed instanceof ObjectNode message) {
                    context.runOnContext(v -> deliver(message, owner));
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stdout closed: {}", name, e.getMessage());
        }
    }

    private void deliver(ObjectNode message, int owner) {
        if (owner != generation || closed) {
            return;
        }
        if (!spoke) {
            spoke = true;
            consecutiveFailures = 0;
        }
        receiver.onMessage(message, null);
    }

    private void readStderr(ChildProcess process) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.process().getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.debug("{} stderr: {}", name, line);
                synchronized (stderrTail) {
                    stderrTail.addLast(abbreviate(line));
                    while (stderrTail.size() > config.stderrTailLines()) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stderr closed: {}", name, e.getMessage());
        }
    }

    private void writeStdin(ChildProcess process, BlockingQueue<byte[]> queue) {
        OutputStream stdin = process.process().getOutputStream();
        try (stdin) {
            while (true) {
                byte[] bytes = queue.take();
                if (bytes == END_OF_INPUT) {
                    return;
                }
                stdin.write(bytes);
                if (queue.isEmpty()) {
                    stdin.flush();
                }
            }
        } catch (IOException e) {
            // A broken pipe means the child is gone; the exit watcher reports it.
            LOG.debug("{}: stdin closed: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exited(ChildProcess process, int owner) {
        if (owner != generation) {
            return;
        }
        outbox.add(END_OF_INPUT);
        // Whatever the child left behind in its group goes too.
        Thread.ofVirtual().start(() -> process.terminate(config.terminateGrace()));
        if (closed) {
            return;
        }
        consecutiveFailures++;
        String tail;
        synchronized (stderrTail) {
            tail = String.join(" | ", stderrTail);
        }
        int code = process.process().exitValue();
        receiver.onDisconnected(unavailable("stdio upstream '" + name + "' exited with code " + code
                + (tail.isEmpty() ? "" : "; stderr: " + tail), SideEffects.UNKNOWN));
        scheduleRestart();
    }

    private void scheduleRestart() {
        long delay = Math.max(1, config.backoff(consecutiveFailures).toMillis());
        LOG.info("{}: restarting in {} ms (attempt {})", name, delay, consecutiveFailures);
        restartTimer = vertx.setTimer(delay, t -> spawn().onComplete(started -> {
            if (closed) {
                return;
            }
            if (started.succeeded()) {
                receiver.onReconnected();
            } else {
                LOG.warn("{}: {}", name, started.cause().getMessage());
                consecutiveFailures++;
                scheduleRestart();
            }
        }));
    }

    private static String abbreviate(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    private ToolErrorException unavailable(String message, SideEffects sideEffects) {
        return UpstreamFailures.failure(name, ErrorCategory.UPSTREAM_UNAVAILABLE, message, sideEffects);
    }
}
