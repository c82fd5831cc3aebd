package dev.detour.bench.load.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process the harness starts and owns: an upstream fixture, {@code detour proxy} or
 * {@code serve}, the npm {@code mcp-proxy}. Its stdout is read line by line (for the line saying where
 * it listens) and copied, with its stderr, to {@code LOGDIR/NAME.log}. {@link #close()} stops it with
 * SIGTERM and, after a grace period, SIGKILL — its descendants too, so no child outlives the harness.
 */
public final class ManagedProcess implements AutoCloseable {

    /** How long a stopped process may take to exit after SIGTERM before it and its descendants get SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(7);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Process process;
    private final CompletableFuture<Matcher> awaited = new CompletableFuture<>();
    private volatile Pattern waitingFor;

    private ManagedProcess(String name, List<String> command, Path log, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code command} as {@code name}, logging to {@code logDir/NAME.log}; when
     * {@code listening} is not null, the first stdout line it matches can be awaited with
     * {@link #awaitLine}.
     */
    public static ManagedProcess start(String name, List<String> command, Path logDir, Pattern listening) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ManagedProcess managed = new ManagedProcess(name, command, log, process);
            managed.waitingFor = listening;
            // A platform thread: a pipe read blocks in native code and would hold a virtual thread's carrier,
            // and with a few children on two cores no carrier would be left (the stdio transport's finding).
            Thread.ofPlatform().daemon().name("stdout-" + name).start(managed::copyStdout);
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    private void copyStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            for (String line; (line = out.readLine()) != null; ) {
                copy.write(line);
                copy.write('\n');
                copy.flush();
                Pattern pattern = waitingFor;
                if (pattern != null && !awaited.isDone()) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        awaited.complete(m);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or its log could not be written: nothing more to copy
        } finally {
            awaited.completeExceptionally(new IllegalStateException(name + " ended its output before saying it listens; see " + log));
        }
    }

    /** Waits for the stdout line given to {@link #start}; returns its first group (or the whole match). */
    public String awaitLine(Duration timeout) {
        try {
            Matcher m = awaited.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return m.groupCount() > 0 ? m.group(1) : m.group();
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not say it listens within " + timeout.toSeconds() + " s; see " + log, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code port} on loopback accepts connections (for programs that do not print their address). */
    public void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before listening; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause(Duration.ofMillis(50));
            }
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout.toSeconds() + " s; see " + log);
    }

    /** The name the process was started under. */
    public String name() {
        return name;
    }

    /** The command line. */
    public List<String> command() {
        return command;
    }

    /** The log file (stdout and stderr). */
    public Path log() {
        return log;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time used so far by the process itself (not its children). */
    public Duration ownCpu() {
        return ProcessCpu.of(process.toHandle());
    }

    /** CPU time used so far by the process's live descendants (e.g. a proxy's stdio upstreams). */
    public Duration descendantsCpu() {
        return process.descendants().map(ProcessCpu::of).reduce(Duration.ZERO, Duration::plus);
    }

    /** SIGKILL, now, to the process and its descendants: a hard crash. Waits until it is gone. */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL to whatever of it and its descendants is left after {@link #STOP_GRACE}. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Closes every process of {@code processes} at the same time and returns when all have ended. */
    public static void closeAll(List<ManagedProcess> processes) {
        try (var stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            processes.forEach(p -> stopping.submit(p::close));
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
