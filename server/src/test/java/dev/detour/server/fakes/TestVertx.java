package dev.detour.server.fakes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Vert.x for integration tests: a small blocked-loop threshold, and bounded waits without sleeps. */
public final class TestVertx {

    private TestVertx() {}

    /** Vert.x whose blocked-thread checker flags any event-loop task over 250 ms. */
    public static Vertx create() {
        return Vertx.vertx(options());
    }

    /** The options of {@link #create()}: two event loops, and a loop blocked for 250 ms is reported. */
    public static VertxOptions options() {
        return new VertxOptions()
                .setEventLoopPoolSize(2)
                .setMaxEventLoopExecuteTime(250)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(50)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(250)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
    }

    /** Waits for a future, at most 10 s. */
    public static <T> T await(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /**
     * Polls {@code condition} until it holds or {@code timeoutMillis} pass, parking briefly between
     * checks (a bounded wait for an outside effect, such as a process exit, not a timed sleep).
     */
    public static void awaitCondition(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
