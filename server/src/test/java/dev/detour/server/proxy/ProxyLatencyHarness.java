package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.router.time.Scheduler;
import dev.detour.router.time.Ticker;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.fakes.StubMcpServer;
import dev.detour.server.fakes.TestVertx;
import dev.detour.server.mcp.JsonRpc;
import dev.detour.server.mcp.McpEndpointConfig;
import dev.detour.server.upstream.UpstreamSpec;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Added latency of the proxy on loopback: the same small {@code tools/call} sent sequentially to the
 * stub upstream directly and through Detour, in alternating blocks, in one run. Not a unit test (it is
 * a measurement); run with {@code java -cp … dev.detour.server.proxy.ProxyLatencyHarness [calls]}.
 */
public final class ProxyLatencyHarness {

    private ProxyLatencyHarness() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int block = 500;
        Vertx vertx = Vertx.vertx();
        try {
            StubMcpServer stub = TestVertx.await(StubMcpServer.start(vertx, "bench", List.of("whoami")));
            ProxyServer proxy = TestVertx.await(ProxyServer.start(vertx,
                    ProxyConfig.builder().upstreams(List.of(new UpstreamSpec.Http("bench", URI.create(stub.url())))).build(),
                    McpEndpointConfig.ofDefaults(), Ticker.system(), Scheduler.system()));
            McpTestClient direct = new McpTestClient(stub.url());
            direct.initialize("2025-11-25");
            McpTestClient proxied = new McpTestClient(proxy.url());
            proxied.initialize("2025-11-25");
            ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", "whoami");
            params.putObject("arguments");
            String body = JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(1), "tools/call", params));

            // Warm-up: JIT both paths before measuring.
            measure(direct, body, 3_000);
            measure(proxied, body, 3_000);

            long[] d = new long[calls];
            long[] p = new long[calls];
            for (int done = 0; done < calls; done += block) {
                int n = Math.min(block, calls - done);
                System.arraycopy(measure(direct, body, n), 0, d, done, n);
                System.arraycopy(measure(proxied, body, n), 0, p, done, n);
            }
            Arrays.sort(d);
            Arrays.sort(p);
            System.out.printf("calls per path: %d (sequential, one keep-alive connection, JSON answers)%n", calls);
            System.out.printf("direct : p50 %6.1f us  p90 %6.1f us  p99 %6.1f us%n", us(d, 0.5), us(d, 0.9), us(d, 0.99));
            System.out.printf("proxied: p50 %6.1f us  p90 %6.1f us  p99 %6.1f us%n", us(p, 0.5), us(p, 0.9), us(p, 0.99));
            System.out.printf("added  : p50 %6.1f us  p90 %6.1f us  p99 %6.1f us%n",
                    us(p, 0.5) - us(d, 0.5), us(p, 0.9) - us(d, 0.9), us(p, 0.99) - us(d, 0.99));
            TestVertx.await(proxy.stop());
        } finally {
            TestVertx.await(vertx.close());
        }
    }

    private static long[] measure(McpTestClient client, String body, int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            McpTestClient.Reply reply = client.post(body, Map.of());
            nanos[i] = System.nanoTime() - start;
            if (reply.status() != 200) {
                throw new IllegalStateException("call failed: " + reply.status() + " " + reply.body());
            }
        }
        return nanos;
    }

    private static double us(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1000.0;
    }
}
