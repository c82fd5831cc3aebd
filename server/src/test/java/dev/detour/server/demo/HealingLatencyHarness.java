package dev.detour.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.mcp.JsonRpc;
import java.util.Arrays;

/**
 * What a healing call costs on top of calling its provider directly, on loopback: the demo's
 * {@code web_search} through Detour against {@code search} on the {@code search_a} upstream itself,
 * interleaved call by call in one run, plus {@code ping} to each (what one HTTP hop through an MCP
 * endpoint costs by itself). Rounds repeat so the JIT settles; the last round is the figure. Not a
 * unit test (it is a measurement); run with
 * {@code java -cp … dev.detour.server.demo.HealingLatencyHarness [calls per round] [rounds]}.
 */
public final class HealingLatencyHarness {

    private HealingLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (EmbeddedDemo demo = EmbeddedDemo.start(0, 0)) {
            TourClient detour = new TourClient(demo.url());
            detour.initialize();
            TourClient upstream = new TourClient(demo.upstreams().url("search_a"));
            upstream.initialize();
            ObjectNode query = JsonRpc.MAPPER.createObjectNode().put("query", "latency");
            ObjectNode none = JsonRpc.MAPPER.createObjectNode();
            System.out.printf("calls per path and round: %d (sequential, interleaved); p50 in ms%n", calls);
            for (int round = 1; round <= rounds; round++) {
                long[] direct = new long[calls];
                long[] healing = new long[calls];
                long[] detourPing = new long[calls];
                long[] upstreamPing = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    upstream.call("search", query);
                    long t1 = System.nanoTime();
                    detour.call("web_search", query);
                    long t2 = System.nanoTime();
                    detour.request("ping", none);
                    long t3 = System.nanoTime();
                    upstream.request("ping", none);
                    long t4 = System.nanoTime();
                    direct[i] = t1 - t0;
                    healing[i] = t2 - t1;
                    detourPing[i] = t3 - t2;
                    upstreamPing[i] = t4 - t3;
                }
                System.out.printf("round %d: search direct %.3f | web_search through Detour %.3f | added %.3f (x%.2f) | ping Detour %.3f, upstream %.3f%n",
                        round, p50(direct), p50(healing), p50(healing) - p50(direct), p50(healing) / p50(direct), p50(detourPing), p50(upstreamPing));
            }
        }
    }

    private static double p50(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
