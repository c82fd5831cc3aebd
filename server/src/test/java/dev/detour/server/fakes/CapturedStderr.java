package dev.detour.server.fakes;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps what is written to {@code System.err} while open — the log, since slf4j-simple writes there and
 * looks {@code System.err} up on every line — and still passes it on. Tests run one at a time, so
 * swapping the stream is safe. {@link #close()} restores it.
 */
public final class CapturedStderr implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    private CapturedStderr() {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (kept) {
                    kept.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (kept) {
                    kept.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** Starts keeping {@code System.err}. */
    public static CapturedStderr start() {
        return new CapturedStderr();
    }

    /** What was written so far. */
    public String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
