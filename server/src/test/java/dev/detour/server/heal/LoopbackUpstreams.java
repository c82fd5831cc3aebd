package dev.detour.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.ManualClock;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.config.ProviderBinding;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.upstream.UpstreamClient;
import dev.detour.server.upstream.UpstreamClientConfig;
import dev.detour.server.upstream.UpstreamSpec;
import dev.detour.server.upstream.UpstreamTransports;
import dev.detour.server.upstream.stdio.StdioSupervisorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stub MCP upstreams on loopback with real {@link UpstreamClient}s connected to them over
 * Streamable HTTP, all on one Vert.x context — the parts healing tools run on in production. The
 * clients' and invokers' timers run on the time given (system time by default; a {@link ManualClock}
 * for tests that move time themselves), the network on real loopback.
 */
final class LoopbackUpstreams implements AutoCloseable {

    /** The bound on every wait: a test that would hang fails instead. */
    static final long WAIT_SECONDS = 10;

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final UpstreamTransports transports = new UpstreamTransports(vertx, StdioSupervisorConfig.ofDefaults());
    private final Map<String, StubMcpUpstream> stubs = new LinkedHashMap<>();
    private final Map<String, UpstreamClient> clients = new LinkedHashMap<>();
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final UpstreamClientConfig clientConfig;

    /** On system time. */
    LoopbackUpstreams() {
        this(Ticker.system(), Scheduler.system(), UpstreamClientConfig.ofDefaults());
    }

    /** On {@code clock}'s time: windows and request timeouts fire only when the test moves it. */
    LoopbackUpstreams(ManualClock clock) {
        this(clock, clock, UpstreamClientConfig.ofDefaults());
    }

    /** On {@code clock}'s time, with clients limited by {@code clientConfig}. */
    LoopbackUpstreams(ManualClock clock, UpstreamClientConfig clientConfig) {
        this(clock, clock, clientConfig);
    }

    private LoopbackUpstreams(Ticker ticker, Scheduler scheduler, UpstreamClientConfig clientConfig) {
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.clientConfig = clientConfig;
    }

    /** Starts a stub named {@code name} and connects a client to it. */
    StubMcpUpstream start(String name) {
        StubMcpUpstream stub = onContext(() -> StubMcpUpstream.start(vertx, name));
        stubs.put(name, stub);
        UpstreamClient client = client(name, stub);
        onContext(() -> client.connect(initializeParams()));
        return stub;
    }

    /** A stub that is down before Detour connects: every request to it is refused before it leaves. */
    StubMcpUpstream startDown(String name) {
        StubMcpUpstream stub = onContext(() -> StubMcpUpstream.start(vertx, name));
        stubs.put(name, stub);
        onContext(stub::stop);
        UpstreamClient client = client(name, stub);
        CompletableFuture<Void> attempted = new CompletableFuture<>();
        context.runOnContext(v -> client.connect(initializeParams()).onComplete(done -> attempted.complete(null)));
        await(attempted);
        return stub;
    }

    /** Kills a running stub: open connections close, new ones are refused. */
    void kill(StubMcpUpstream stub) {
        onContext(stub::stop);
    }

    /** Brings a killed stub back on its port. */
    void revive(StubMcpUpstream stub) {
        onContext(stub::restart);
    }

    /** Returns once every task queued on the clients' context before this call has run. */
    void settle() {
        onContext(() -> Future.succeededFuture(null));
    }

    UpstreamDirectory directory() {
        return UpstreamDirectory.of(context, clients);
    }

    Context context() {
        return context;
    }

    /** An invoker over these upstreams, on their time. */
    UpstreamToolInvoker invoker(Map<String, ProviderBinding> bindingsByStep) {
        return invoker(bindingsByStep, new ProgressRelay());
    }

    /** An invoker over these upstreams, on their time, telling {@code progress} what the upstreams report. */
    UpstreamToolInvoker invoker(Map<String, ProviderBinding> bindingsByStep, ProgressRelay progress) {
        return new UpstreamToolInvoker(directory(), bindingsByStep, progress, ticker, scheduler);
    }

    private UpstreamClient client(String name, StubMcpUpstream stub) {
        UpstreamClient client = onContext(() -> Future.succeededFuture(new UpstreamClient(name,
                transports.open(new UpstreamSpec.Http(name, stub.url())), context, scheduler, clientConfig,
                new IgnoringListener())));
        clients.put(name, client);
        return client;
    }

    private static ObjectNode initializeParams() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "detour-test").put("version", "1");
        return params;
    }

    private <T> T onContext(Supplier<Future<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> action.get().onComplete(done -> {
            if (done.succeeded()) {
                result.complete(done.result());
            } else {
                result.completeExceptionally(done.cause());
            }
        }));
        return await(result);
    }

    /** Waits for a stage, at most {@link #WAIT_SECONDS}. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete within " + WAIT_SECONDS + " s: " + e, e);
        }
    }

    /** Closes the clients (ending their upstream sessions), then the transports, then Vert.x. */
    @Override
    public void close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> Future.join(clients.values().stream().map(UpstreamClient::close).toList())
                .eventually(transports::close)
                .eventually(vertx::close)
                .onComplete(done -> closed.complete(null)));
        await(closed);
    }

    /** Upstream-initiated messages play no part in these tests. */
    private static final class IgnoringListener implements UpstreamClient.Listener {
        @Override
        public void onServerRequest(UpstreamClient from, ObjectNode request, JsonNode relatedRequestId) {
        }

        @Override
        public void onNotification(UpstreamClient from, ObjectNode notification, JsonNode relatedRequestId) {
        }
    }
}
