package dev.detour.bench.faults;

import dev.detour.bench.load.client.Caller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady open-loop load that keeps every call's record: call {@code i} is due at
 * {@code start + i / rate} (as in {@link dev.detour.bench.load.client.OpenLoop}, so a stall is charged
 * to every call it delayed), sent when due from a 1 ms timer, and recorded with the provider that
 * answered it. Runs until {@link #stop()}, then waits for the calls in flight. State lives on the
 * load generator's event loop.
 */
final class RecordingLoad {

    private final Vertx vertx;
    private final Context loop;
    private final Caller caller;
    private final double periodNanos;
    private final List<CallRecord> records = new ArrayList<>();
    private final Promise<List<CallRecord>> done = Promise.promise();
    private long start;
    private long timer;
    private long sent;
    private long outstanding;
    private boolean stopping;

    private RecordingLoad(Vertx vertx, Context loop, Caller caller, double rate) {
        this.vertx = vertx;
        this.loop = loop;
        this.caller = caller;
        this.periodNanos = 1e9 / rate;
    }

    /** Starts {@code rate} calls a second on {@code loop}. */
    static RecordingLoad start(Vertx vertx, Context loop, Caller caller, double rate) {
        RecordingLoad load = new RecordingLoad(vertx, loop, caller, rate);
        loop.runOnContext(v -> {
            load.start = System.nanoTime();
            load.timer = vertx.setPeriodic(1, id -> load.sendDue());
        });
        return load;
    }

    private void sendDue() {
        long now = System.nanoTime();
        for (long intended = start + (long) (sent * periodNanos); intended <= now; intended = start + (long) (sent * periodNanos)) {
            sent++;
            outstanding++;
            long due = intended;
            long sentAt = System.nanoTime();
            caller.call().onComplete(answer -> {
                records.add(CallRecord.of(due, sentAt, System.nanoTime(), answer.result()));
                outstanding--;
                finishIfDrained();
            });
        }
    }

    /** The last {@code n} records so far (fewer when fewer calls were answered). */
    Future<List<CallRecord>> recent(int n) {
        Promise<List<CallRecord>> recent = Promise.promise();
        loop.runOnContext(v -> recent.complete(List.copyOf(records.subList(Math.max(0, records.size() - n), records.size()))));
        return recent.future();
    }

    /** Stops sending; the future completes with every call's record once the calls in flight are answered. */
    Future<List<CallRecord>> stop() {
        loop.runOnContext(v -> {
            stopping = true;
            vertx.cancelTimer(timer);
            finishIfDrained();
        });
        return done.future();
    }

    private void finishIfDrained() {
        if (stopping && outstanding == 0) {
            done.tryComplete(List.copyOf(records));
        }
    }
}
