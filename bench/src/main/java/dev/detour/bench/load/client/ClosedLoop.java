package dev.detour.bench.load.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop saturation: {@code workers} callers, each sending its next call as soon as the previous
 * one is answered, for a fixed window. Throughput counts the calls answered successfully within the
 * window; latencies are from each call's send (a closed loop has no intended send time). Runs on the
 * event loop it is started from; single-threaded state.
 */
public final class ClosedLoop {

    private final Caller caller;
    private final long deadline;
    private final Duration duration;
    private final Promise<LoadResult> done = Promise.promise();
    private final Histogram latency = LoadResult.histogram();
    private int running;
    private long sent;
    private long succeeded;
    private long failed;
    private String firstFailure;

    private ClosedLoop(Caller caller, Duration duration) {
        this.caller = caller;
        this.duration = duration;
        this.deadline = System.nanoTime() + duration.toNanos();
    }

    /** Runs {@code workers} back-to-back callers for {@code duration}. Call it on the load generator's event loop. */
    public static Future<LoadResult> run(Caller caller, int workers, Duration duration) {
        ClosedLoop loop = new ClosedLoop(caller, duration);
        loop.running = workers;
        for (int i = 0; i < workers; i++) {
            loop.next();
        }
        return loop.done.future();
    }

    private void next() {
        long start = System.nanoTime();
        if (start >= deadline) {
            if (--running == 0) {
                done.complete(new LoadResult(latency, latency, sent, succeeded, failed, 0, duration, firstFailure, Duration.ZERO));
            }
            return;
        }
        sent++;
        caller.call().onComplete(answer -> {
            long end = System.nanoTime();
            if (end <= deadline) {
                latency.recordValue(Math.min(end - start, LoadResult.MAX_TRACKED_NANOS));
                if (answer.result() != null && answer.result().succeeded()) {
                    succeeded++;
                } else {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = answer.result() == null ? "no answer" : "HTTP " + answer.result().status() + ": " + answer.result().body();
                    }
                }
            }
            next();
        });
    }
}
