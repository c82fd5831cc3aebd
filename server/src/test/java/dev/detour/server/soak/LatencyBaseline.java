package dev.detour.server.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.fakes.McpTestClient;
import dev.detour.server.heal.BudgetHint;
import dev.detour.server.mcp.JsonRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The same upstream tool call made directly to a demo upstream and through Detour, in the same run
 * and with every upstream healthy: {@code search} on {@code search_a} directly, {@code web_search}
 * (whose cheapest provider is that tool) through the sidecar. Sequential in alternating blocks (so
 * drift in the machine's load hits both paths alike), then concurrent with the soak's client count.
 */
final class LatencyBaseline {

    /** Calls per block in the sequential comparison. */
    private static final int BLOCK = 200;

    /** Latencies of one path, in microseconds, its throughput, and the calls that did not succeed. */
    record Path(Histogram micros, double callsPerSecond, long failures) {

        double millis(double q) {
            return micros.getValueAtPercentile(q * 100) / 1000.0;
        }
    }

    /** Both paths, sequential and concurrent. */
    record Figures(Path directSequential, Path detourSequential, Path directConcurrent, Path detourConcurrent) {}

    private LatencyBaseline() {
    }

    static Figures measure(String directUrl, String detourUrl, SoakOptions options) {
        String direct = body("search", options);
        String detour = body("web_search", options);
        int calls = options.baselineCalls();
        McpTestClient d = open(directUrl);
        McpTestClient p = open(detourUrl);
        try {
            sequential(d, direct, Math.min(calls, 500), new AtomicLong()); // warm-up: JIT both paths before measuring
            sequential(p, detour, Math.min(calls, 500), new AtomicLong());
            Histogram ds = histogram();
            Histogram ps = histogram();
            AtomicLong dFailed = new AtomicLong();
            AtomicLong pFailed = new AtomicLong();
            long dNanos = 0;
            long pNanos = 0;
            for (int done = 0; done < calls; done += BLOCK) {
                int n = Math.min(BLOCK, calls - done);
                long t0 = System.nanoTime();
                ds.add(sequential(d, direct, n, dFailed));
                long t1 = System.nanoTime();
                ps.add(sequential(p, detour, n, pFailed));
                dNanos += t1 - t0;
                pNanos += System.nanoTime() - t1;
            }
            Path directConcurrent = concurrent(directUrl, direct, options.clients(), calls);
            Path detourConcurrent = concurrent(detourUrl, detour, options.clients(), calls);
            return new Figures(new Path(ds, calls * 1e9 / dNanos, dFailed.get()), new Path(ps, calls * 1e9 / pNanos, pFailed.get()),
                    directConcurrent, detourConcurrent);
        } finally {
            d.http().close();
            p.http().close();
        }
    }

    private static McpTestClient open(String url) {
        McpTestClient client = new McpTestClient(url);
        client.initialize("2025-06-18");
        return client;
    }

    private static String body(String tool, SoakOptions options) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
        params.putObject("arguments").put("query", "model context protocol");
        params.putObject("_meta").put(BudgetHint.META_KEY, options.budget().toMillis());
        return JsonRpc.encodeToString(JsonRpc.request(JsonRpc.MAPPER.getNodeFactory().numberNode(1), "tools/call", params));
    }

    /** {@code n} calls, one after the other; a call that does not succeed is timed too, and counted in {@code failed}. */
    private static Histogram sequential(McpTestClient client, String body, int n, AtomicLong failed) {
        Histogram micros = histogram();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            McpTestClient.Reply reply = client.post(body, Map.of());
            micros.recordValue((System.nanoTime() - start) / 1000);
            if (reply.status() != 200 || reply.response().path("result").path("isError").asBoolean(false)) {
                failed.incrementAndGet();
            }
        }
        return micros;
    }

    /** {@code clients} sessions at once, {@code total} calls among them. */
    private static Path concurrent(String url, String body, int clients, int total) {
        int each = Math.max(1, total / clients);
        Histogram micros = new ConcurrentHistogram(60_000_000L, 3);
        AtomicLong failed = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                running.add(threads.submit(() -> {
                    McpTestClient client = open(url);
                    try {
                        micros.add(sequential(client, body, each, failed));
                    } finally {
                        client.http().close();
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("concurrent baseline on " + url + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Path(micros, each * (long) clients / seconds, failed.get());
    }

    private static Histogram histogram() {
        return new Histogram(Duration.ofMinutes(1).toNanos() / 1000, 3);
    }
}
