package dev.detour.server.heal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code thenApply} that passes cancellation back: {@link CompletableFuture} never cancels the stage a
 * dependent was derived from, but an agent cancelling a healing call must reach the route it runs
 * (and through it the upstream call in flight).
 */
final class CancellationChain {

    private CancellationChain() {
    }

    /** {@code source.thenApply(fn)}; cancelling the result cancels {@code source}. */
    static <T, R> CompletableFuture<R> map(CompletableFuture<T> source, Function<? super T, ? extends R> fn) {
        CompletableFuture<R> mapped = source.thenApply(fn);
        mapped.whenComplete((r, failure) -> {
            if (mapped.isCancelled()) {
                source.cancel(false);
            }
        });
        return mapped;
    }
}
