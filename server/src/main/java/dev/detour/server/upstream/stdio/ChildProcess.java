package dev.detour.server.upstream.stdio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process started in its own process group (through {@code setsid} where it exists), so
 * that stopping it reaches what it spawned too ({@code sh -c} wrappers, {@code npx} → {@code node}).
 * Stopping sends SIGTERM to the group and to every known descendant, then SIGKILL after a grace
 * period. Thread-safe.
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path KILL = Path.of("/usr/bin/kill");

    private final Process process;
    private final boolean ownGroup;

    private ChildProcess(Process process, boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
    }

    /**
     * Starts {@code command} with piped stdin, stdout and stderr.
     *
     * @throws IOException when the command cannot be started (not found, not executable, EAGAIN)
     */
    public static ChildProcess start(List<String> command) throws IOException {
        return start(command, java.util.Map.of());
    }

    /**
     * Starts {@code command} as {@link #start(List)} does, with {@code env} added to the environment
     * it inherits (the upstream's {@code env:}; values may be secrets, and are never logged).
     */
    public static ChildProcess start(List<String> command, java.util.Map<String, dev.detour.server.secret.Secret> env) throws IOException {
        if (command.isEmpty()) {
            throw new IOException("empty command");
        }
        if (resolve(command.get(0)) == null) {
            // Checked here because through setsid a missing command would only show as a quick exit.
            throw new IOException("command not found or not executable: " + command.get(0));
        }
        boolean group = Files.isExecutable(SETSID) && Files.isExecutable(KILL);
        List<String> argv = new ArrayList<>();
        if (group) {
            // A Java child is never a group leader, so setsid calls setsid(2) and execs in place: same pid.
            argv.add(SETSID.toString());
        }
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv);
        env.forEach((variable, value) -> builder.environment().put(variable, value.reveal()));
        Process process = builder.start();
        ChildProcess child = new ChildProcess(process, group);
        ChildProcessReaper.register(child);
        process.onExit().thenRun(() -> ChildProcessReaper.unregister(child));
        return child;
    }

    private static Path resolve(String executable) {
        if (executable.contains("/")) {
            Path path = Path.of(executable);
            return Files.isExecutable(path) ? path : null;
        }
        String searchPath = System.getenv("PATH");
        if (searchPath == null) {
            return null;
        }
        for (String dir : searchPath.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, executable);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the child has exited. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Stops the child and its descendants: SIGTERM, then SIGKILL for whatever still runs after
     * {@code grace}. Blocks up to about {@code grace} plus a little; call it off the event loop.
     */
    public void terminate(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        signalGroup("TERM");
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signalGroup("KILL");
        process.destroyForcibly();
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void signalGroup(String signal) {
        if (!ownGroup) {
            return;
        }
        try {
            Process kill = new ProcessBuilder(KILL.toString(), "-s", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(1, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.debug("could not signal process group {}: {}", process.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
