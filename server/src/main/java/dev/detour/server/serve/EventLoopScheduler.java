package dev.detour.server.serve;

import dev.detour.router.time.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler#system()} with one difference: a timer armed on a Vert.x event loop is a timer of
 * that event loop. Every call arms a few timers (its window, its upstream request's timeout) and
 * almost all are cancelled long before they are due; on the loop, arming and cancelling one touch
 * only the loop's own timer queue, where the system scheduler's shared timer thread takes a lock and,
 * when the new timer is the earliest (one call in flight), a wake-up of that thread per timer. Due
 * tasks still run on virtual threads, so they may block as the {@link Scheduler} contract allows.
 */
public final class EventLoopScheduler implements Scheduler {

    /** The one instance: it holds no state of its own. */
    public static final EventLoopScheduler INSTANCE = new EventLoopScheduler();

    private static final Scheduler SYSTEM = Scheduler.system();

    private EventLoopScheduler() {}

    @Override
    public void execute(Runnable task) {
        SYSTEM.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return SYSTEM.schedule(task, delay);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("cannot schedule in the past: " + delay);
        }
        // Vert.x timers need at least 1 ms; rounding up keeps a deadline from firing early.
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay.toNanos() + 999_999));
        Vertx vertx = context.owner();
        long timer = vertx.setTimer(millis, id -> SYSTEM.execute(task));
        return () -> vertx.cancelTimer(timer);
    }
}
