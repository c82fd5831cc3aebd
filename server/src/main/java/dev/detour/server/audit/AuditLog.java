package dev.detour.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line, per call — time, principal, tool, providers tried,
 * outcome (SERF category), latency, trace id — and per request refused at the door. Never arguments,
 * results, tokens or secrets unless {@link AuditConfig} asks for arguments or results. Lines are
 * written in order on one virtual thread, so an event loop never waits on the disk; {@link #close}
 * flushes. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes nothing. */
    public static final AuditLog NONE = new AuditLog(null, null, false, false);

    private final OutputStream out;
    private final ExecutorService writer;
    private final boolean arguments;
    private final boolean results;

    private AuditLog(OutputStream out, ExecutorService writer, boolean arguments, boolean results) {
        this.out = out;
        this.writer = writer;
        this.arguments = arguments;
        this.results = results;
    }

    /** Opens the log {@code config} names (appending to its file, creating it when absent). */
    public static AuditLog open(AuditConfig config) {
        OutputStream out;
        if (config.file() == null) {
            out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        } else {
            try {
                out = Files.newOutputStream(config.file(), StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the audit log " + config.file(), e);
            }
        }
        return to(out, config.arguments(), config.results());
    }

    /** A log writing to {@code out} (tests). */
    public static AuditLog to(OutputStream out, boolean arguments, boolean results) {
        // One virtual thread in order: lines never interleave or reorder, and no event loop blocks on I/O.
        return new AuditLog(out, Executors.newSingleThreadExecutor(Thread.ofVirtual().name("detour-audit").factory()), arguments, results);
    }

    /** True when calls' arguments are logged. */
    public boolean logsArguments() {
        return arguments;
    }

    /** True when calls' results are logged. */
    public boolean logsResults() {
        return results;
    }

    /** True when this log writes anything. */
    public boolean enabled() {
        return out != null;
    }

    /** Appends one line; never throws, never blocks. */
    public void write(Map<String, Object> line) {
        if (out == null) {
            return;
        }
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            LOG.warn("an audit line could not be written as JSON: {}", e.getOriginalMessage());
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    LOG.warn("writing the audit log failed: {}", e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("audit line after close dropped");
        }
    }

    /** Writes what is queued and closes the file (not standard output). */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.flush();
        } catch (IOException e) {
            LOG.debug("flushing the audit log failed: {}", e.getMessage());
        }
    }
}
