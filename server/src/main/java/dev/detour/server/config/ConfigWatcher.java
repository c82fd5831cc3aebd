package dev.detour.server.config;

import dev.detour.graphs.ConfigException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of {@code detour.yaml}: notices when the file — or a graph file one of its goal tools
 * uses — changes, loads it, and hands a valid new config to a {@link Listener}; an invalid one is
 * rejected with its problems logged, and the old config stays current. Applying a config is the
 * listener's job (typically: build new healing tools with the same {@code SharedRouting}, swap them in
 * atomically, and let calls in flight finish on the old ones).
 *
 * <p>Change detection compares file contents, not timestamps (editors and config maps replace files
 * in ways timestamps miss). Thread-safe: {@link #check()} is synchronized.
 */
public final class ConfigWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** 2 s: a config edit is picked up about as fast as a person can look at the logs. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** Receives reload decisions; called on the thread that ran {@link #check()}. */
    public interface Listener {

        /**
         * A changed file loaded without problems; once this returns it is {@link #current()}.
         *
         * @throws ConfigException to refuse a config that loads but cannot be applied to what is
         *     running; the watcher then treats it as rejected and the previous config stays current
         */
        void onApplied(DetourConfig config);

        /** A changed file has problems; the previous config stays current. */
        void onRejected(ConfigException problems);
    }

    /** What one {@link #check()} did. */
    public enum Outcome {
        /** Nothing watched changed. */
        UNCHANGED,
        /** A change loaded and was handed to the listener. */
        APPLIED,
        /** A change did not load; the old config stays. */
        REJECTED
    }

    private final Path file;
    private final Listener listener;
    private DetourConfig current;
    private Map<Path, String> seen;

    /**
     * @param file    the config file
     * @param current the config loaded from it now (what is being served)
     */
    public ConfigWatcher(Path file, DetourConfig current, Listener listener) {
        this.file = Objects.requireNonNull(file, "file");
        this.current = Objects.requireNonNull(current, "current");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.seen = snapshot(current);
    }

    /** The config being served: the last one applied. */
    public synchronized DetourConfig current() {
        return current;
    }

    /** Reads the watched files and, when any changed, reloads. Blocking file I/O: not for an event loop. */
    public synchronized Outcome check() {
        Map<Path, String> now = snapshot(current);
        if (now.equals(seen)) {
            return Outcome.UNCHANGED;
        }
        seen = now;
        try {
            DetourConfig loaded = ConfigLoader.load(file);
            listener.onApplied(loaded);
            current = loaded;
            seen = snapshot(loaded); // the new config may use other graph files
            LOG.info("{}: configuration reloaded ({} logical, {} goal tools)", file, loaded.logicalTools().size(), loaded.goalTools().size());
            return Outcome.APPLIED;
        } catch (ConfigException e) {
            LOG.error("{}: new configuration rejected; still serving the previous one. Problems:\n{}", file, e.getMessage());
            listener.onRejected(e);
            return Outcome.REJECTED;
        }
    }

    /**
     * Checks every {@code interval} on a Vert.x worker thread, until {@code vertx.cancelTimer(id)}.
     *
     * @return the periodic timer's id
     */
    public long watch(Vertx vertx, Duration interval) {
        return vertx.setPeriodic(interval.toMillis(), id -> vertx.executeBlocking(this::check, false)
                .onFailure(e -> LOG.error("{}: checking for changes failed", file, e)));
    }

    /** The contents of the config file and of the graph files its goal tools use (absent files read as empty). */
    private Map<Path, String> snapshot(DetourConfig config) {
        Map<Path, String> contents = new LinkedHashMap<>();
        contents.put(file, read(file));
        Path dir = file.toAbsolutePath().getParent();
        for (GoalToolConfig g : config.goalTools()) {
            if (!g.graphFile().startsWith("classpath:")) {
                Path graph = dir == null ? Path.of(g.graphFile()) : dir.resolve(g.graphFile()).normalize();
                contents.put(graph, read(graph));
            }
        }
        return contents;
    }

    private static String read(Path path) {
        try {
            return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
