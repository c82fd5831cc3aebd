package dev.detour.bench.load.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate, corrected for coordinated omission: call {@code i} is due at
 * {@code start + i / rate} whatever happened to the calls before it, and its latency is measured from
 * that intended time, so a target that stalls is charged for every call the stall delayed (as wrk2
 * does). A 1 ms timer sends every call that is due; at most {@code maxOutstanding} calls are in
 * flight — beyond that a due call is counted as not sent, which marks the rate as beyond the target's
 * capacity. Runs on the event loop it is started from; single-threaded state.
 */
public final class OpenLoop {

    private final Vertx vertx;
    private final Caller caller;
    private final long total;
    private final double periodNanos;
    private final int maxOutstanding;
    private final Duration drain;
    private final Promise<LoadResult> done = Promise.promise();
    private final Histogram latency = LoadResult.histogram();
    private final Histogram service = LoadResult.histogram();
    private long start;
    private long timer;
    private long sent;
    private long answered;
    private long succeeded;
    private long notSent;
    private long outstanding;
    private String firstFailure;
    private long maxSendLag;

    private OpenLoop(Vertx vertx, Caller caller, double rate, Duration duration, int maxOutstanding, Duration drain) {
        this.vertx = vertx;
        this.caller = caller;
        this.total = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        this.periodNanos = 1e9 / rate;
        this.maxOutstanding = maxOutstanding;
        this.drain = drain;
    }

    /**
     * Calls {@code caller} {@code rate} times a second for {@code duration}, then waits up to
     * {@code drain} for the last answers (calls still unanswered then count as failed). Call it on the
     * load generator's event loop.
     */
    public static Future<LoadResult> run(Vertx vertx, Caller caller, double rate, Duration duration, int maxOutstanding, Duration drain) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + rate);
        }
        OpenLoop loop = new OpenLoop(vertx, caller, rate, duration, maxOutstanding, drain);
        loop.start = System.nanoTime();
        loop.timer = vertx.setPeriodic(1, id -> loop.sendDue());
        loop.sendDue();
        return loop.done.future();
    }

    private void sendDue() {
        long now = System.nanoTime();
        while (sent < total) {
            long intended = start + (long) (sent * periodNanos);
            if (intended > now) {
                return;
            }
            sent++;
            if (outstanding >= maxOutstanding) {
                notSent++;
                continue;
            }
            outstanding++;
            long actual = System.nanoTime();
            maxSendLag = Math.max(maxSendLag, actual - intended);
            caller.call().onComplete(answer -> onAnswer(intended, actual, answer.result()));
        }
        vertx.cancelTimer(timer);
        vertx.setTimer(Math.max(1, drain.toMillis()), id -> finish());
        if (answered + notSent == total) {
            finish();
        }
    }

    private void onAnswer(long intended, long actual, CallAnswer answer) {
        long end = System.nanoTime();
        outstanding--;
        answered++;
        latency.recordValue(Math.min(end - intended, LoadResult.MAX_TRACKED_NANOS));
        service.recordValue(Math.min(end - actual, LoadResult.MAX_TRACKED_NANOS));
        if (answer != null && answer.succeeded()) {
            succeeded++;
        } else if (firstFailure == null) {
            firstFailure = answer == null ? "no answer" : "HTTP " + answer.status() + ": " + answer.body();
        }
        if (sent == total && answered + notSent == total) {
            finish();
        }
    }

    private void finish() {
        if (done.future().isComplete()) {
            return;
        }
        Duration elapsed = Duration.ofNanos((long) (total * periodNanos));
        long unanswered = sent - notSent - answered;
        done.complete(new LoadResult(latency, service, sent, succeeded, sent - notSent - succeeded, notSent, elapsed,
                firstFailure == null && unanswered > 0 ? unanswered + " calls unanswered after the drain" : firstFailure, unanswered,
                Duration.ofNanos(maxSendLag)));
    }
}
