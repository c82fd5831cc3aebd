package dev.detour.server.heal;

import dev.detour.server.upstream.UpstreamClient;
import io.vertx.core.Context;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream clients healing tools call, by upstream name, and the Vert.x context they are
 * confined to ({@link UpstreamClient} is used only on the event loop it was created on).
 */
public interface UpstreamDirectory {

    /** The client of an upstream, or empty when it is unknown. Called on {@link #context()} only. */
    Optional<UpstreamClient> client(String upstream);

    /** The context every client of this directory belongs to. */
    Context context();

    /** True when calls to {@code upstream} carry the caller's identity ({@code forwardIdentity: true}); none by default. */
    default boolean forwardsIdentity(String upstream) {
        return false;
    }

    /** A fixed directory: {@code clients} by upstream name, all created on {@code context}. */
    static UpstreamDirectory of(Context context, Map<String, UpstreamClient> clients) {
        Objects.requireNonNull(context, "context");
        Map<String, UpstreamClient> copy = Map.copyOf(clients);
        return new UpstreamDirectory() {
            @Override
            public Optional<UpstreamClient> client(String upstream) {
                return Optional.ofNullable(copy.get(upstream));
            }

            @Override
            public Context context() {
                return context;
            }
        };
    }
}
