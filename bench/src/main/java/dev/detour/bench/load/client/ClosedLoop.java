package dev.detour.bench.load.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop saturation: {@code workers} callers, each sending its next call as soon as the previous
 * one is answered, for a fixed window. Throughput counts the calls answered successfully within the
 * window; latencies are from each call's send (a closed loop has no intended send time). Calls still
 * unanswered {@link #GRACE} after the window are given up (a target that stopped answering cannot hold
 * the run). Runs on the event loop it is started from; single-threaded state.
 */
public final class ClosedLoop {

    /** How long after the window the loop waits for its callers' last answers. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private final Caller caller;
    private final long deadline;
    private final Duration duration;
    private final Promise<LoadResult> done = Promise.promise();
    private final Histogram latency = LoadResult.histogram();
    private int running;
    private int outstanding;
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
    public static Future<LoadResult> run(Vertx vertx, Caller caller, int workers, Duration duration) {
        ClosedLoop loop = new ClosedLoop(caller, duration);
        loop.running = workers;
        for (int i = 0; i < workers; i++) {
            loop.next();
        }
        vertx.setTimer(duration.plus(GRACE).toMillis(), id -> loop.finish());
        return loop.done.future();
    }

    private void finish() {
        if (!done.future().isComplete()) {
            done.complete(new LoadResult(latency, latency, sent, succeeded, failed + outstanding, 0, duration,
                    firstFailure == null && outstanding > 0 ? outstanding + " calls unanswered after the window" : firstFailure, outstanding,
                    Duration.ZERO));
        }
    }

    private void next() {
        long start = System.nanoTime();
        if (start >= deadline) {
            if (--running == 0) {
                finish();
            }
            return;
        }
        sent++;
        outstanding++;
        caller.call().onComplete(answer -> {
            outstanding--;
            if (done.future().isComplete()) {
                return;
            }
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
