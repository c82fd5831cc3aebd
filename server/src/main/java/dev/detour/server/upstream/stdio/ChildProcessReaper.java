package dev.detour.server.upstream.stdio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes sure no stdio child outlives Detour: every {@link ChildProcess} registers here, and one JVM
 * shutdown hook first runs the registered drain steps (graceful shutdown of the proxy, which closes
 * upstreams properly) and then stops every child still alive. One hook rather than several because
 * JVM shutdown hooks run concurrently: a separate reaper would kill children while calls drain.
 */
public final class ChildProcessReaper {

    /** How long the hook gives children between SIGTERM and SIGKILL. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final List<Runnable> BEFORE_REAPING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("detour-child-reaper").unstarted(() -> {
            BEFORE_REAPING.forEach(ChildProcessReaper::runQuietly);
            reapAll();
        }));
    }

    private ChildProcessReaper() {}

    /**
     * Runs {@code step} in the shutdown hook before children are stopped (e.g. the proxy's graceful
     * shutdown). The step must bound its own duration.
     */
    public static void beforeReaping(Runnable step) {
        BEFORE_REAPING.add(step);
    }

    /** Stops every registered child still alive; blocks up to about {@link #SHUTDOWN_GRACE}. */
    public static void reapAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (ChildProcess child : LIVE) {
            stoppers.add(Thread.ofVirtual().start(() -> child.terminate(SHUTDOWN_GRACE)));
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join(SHUTDOWN_GRACE.plusSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void register(ChildProcess child) {
        LIVE.add(child);
    }

    static void unregister(ChildProcess child) {
        LIVE.remove(child);
    }

    private static void runQuietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("detour: shutdown step failed: " + e);
        }
    }
}
