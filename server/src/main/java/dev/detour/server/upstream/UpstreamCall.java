package dev.detour.server.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

/**
 * One request Detour sent upstream through an {@link UpstreamClient}: its id there, its answer, and
 * the progress it reports. Confined to the client's event loop.
 */
public final class UpstreamCall {

    private static final Scheduler.Cancellable NO_TIMER = () -> {
    };

    final String method;
    final ObjectNode params;
    final boolean resendable;
    final Promise<ObjectNode> response = Promise.promise();
    long id;
    Scheduler.Cancellable timer = NO_TIMER;
    Handler<ObjectNode> progress;

    UpstreamCall(String method, ObjectNode params, boolean resendable) {
        this.method = method;
        this.params = params;
        this.resendable = resendable;
    }

    /** The response message ({@code result} or {@code error}), or a failed future. */
    public Future<ObjectNode> response() {
        return response.future();
    }

    /** The id Detour gives the request upstream (assigned at once, even while it waits). */
    public long upstreamId() {
        return id;
    }

    /**
     * Runs {@code handler} with the params of every {@code notifications/progress} the upstream
     * sends for this request's {@code _meta.progressToken}, until the response arrives. Progress
     * does not extend the client's own request timeout: that is an absolute cap, and restarting
     * a shorter window on progress is the caller's business.
     */
    public UpstreamCall onProgress(Handler<ObjectNode> handler) {
        this.progress = handler;
        return this;
    }
}
