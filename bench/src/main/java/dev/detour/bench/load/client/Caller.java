package dev.detour.bench.load.client;

import io.vertx.core.Future;

/** Makes one call of the target under load; called on the load generator's event loop. */
@FunctionalInterface
public interface Caller {

    /** Starts one call; the future never fails (a broken exchange is an answer with status 0). */
    Future<CallAnswer> call();
}
