package dev.detour.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.time.Scheduler;
import dev.detour.server.fakes.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopSchedulerTest {

    private final Vertx vertx = TestVertx.create();
    private final Scheduler scheduler = EventLoopScheduler.INSTANCE;

    @AfterEach
    void close() {
        TestVertx.await(vertx.close());
    }

    @Test
    void aTimerArmedOnAnEventLoopRunsItsTaskOnAVirtualThread() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        onEventLoop(() -> scheduler.schedule(() -> ranOn.complete(Thread.currentThread()), Duration.ofMillis(5)));
        assertThat(ranOn.get(5, TimeUnit.SECONDS).isVirtual()).isTrue();
    }

    @Test
    void aTimerCancelledBeforeItIsDueNeverRuns() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        onEventLoop(() -> {
            scheduler.schedule(() -> first.complete("the cancelled timer"), Duration.ofMillis(10)).cancel();
            scheduler.schedule(() -> first.complete("the later timer"), Duration.ofMillis(50));
        });
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("the later timer");
    }

    @Test
    void aTimerArmedOffAnEventLoopRunsOnTheSystemScheduler() throws Exception {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        scheduler.schedule(() -> ran.complete(Vertx.currentContext() == null), Duration.ofMillis(5));
        assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSubMillisecondDelayIsRoundedUpNotDown() throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        onEventLoop(() -> {
            long armed = System.nanoTime();
            scheduler.schedule(() -> elapsed.complete(System.nanoTime() - armed), Duration.ofNanos(1));
        });
        assertThat(elapsed.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void aNegativeDelayIsRefused() throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        onEventLoop(() -> {
            try {
                scheduler.schedule(() -> { }, Duration.ofMillis(-1));
            } catch (IllegalArgumentException e) {
                refused.complete(e);
            }
        });
        assertThat(refused.get(5, TimeUnit.SECONDS)).hasMessageContaining("past");
        assertThatThrownBy(() -> scheduler.schedule(() -> { }, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private void onEventLoop(Runnable action) throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            action.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }
}
