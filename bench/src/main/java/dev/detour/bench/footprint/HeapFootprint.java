package dev.detour.bench.footprint;

import dev.detour.bench.graphs.GeneratedGraphs;
import dev.detour.router.budget.LatencySketches;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.ShortestPathRouter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Random;

/**
 * Heap used by 10,000 tools (DESIGN.md "Targets": ≤ 50 MB, stretch ≤ 20 MB): a generated LINEAR
 * graph with one tool per step, a {@link HealthView} holding every tool in a non-healthy state
 * (the largest it gets), a {@link ShortestPathRouter} with its route cached, and
 * {@link LatencySketches} holding {@value #SAMPLES_PER_TOOL} latency samples per tool.
 *
 * <p>Measured as used heap after a full GC, before and after each part is built and while all of
 * them are reachable. JOL would give exact shallow sizes, but this counts everything the parts
 * retain through libraries (JGraphT maps, DDSketch stores) without naming them. Run it alone, with
 * {@code -XX:+UseSerialGC} so that {@code System.gc()} is a full, compacting collection.
 * Usage: {@code HeapFootprint [tools]}.
 */
public final class HeapFootprint {

    /** Tools measured by default. */
    static final int DEFAULT_TOOLS = 10_000;

    /** Latency samples recorded per tool. */
    static final int SAMPLES_PER_TOOL = 1_000;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int tools = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_TOOLS;
        long baseline = usedAfterGc();

        ToolGraph graph = GeneratedGraphs.generate(Topology.LINEAR, tools + 2, 1L);
        long afterGraph = usedAfterGc();

        HealthView health = new HealthView();
        ShortestPathRouter router = new ShortestPathRouter(graph, health);
        Random random = new Random(1L);
        List<String> names = List.copyOf(graph.tools());
        for (String tool : names) {
            health.set(tool, random.nextBoolean()
                    ? ToolHealth.degraded(2 + random.nextInt(9), "latency SLO breached")
                    : ToolHealth.unavailable("circuit open"));
        }
        names.forEach(tool -> health.set(tool, ToolHealth.healthy()));
        for (int i = 0; i < names.size(); i += 2) {
            health.set(names.get(i), ToolHealth.degraded(2 + random.nextInt(9), "latency SLO breached"));
        }
        router.route(GeneratedGraphs.START, GeneratedGraphs.GOAL);
        long afterHealth = usedAfterGc();

        LatencySketches sketches = new LatencySketches();
        for (String tool : names) {
            // log-normal latencies around 40 ms, spanning about three decades
            double median = 5e6 + random.nextInt(75_000_000);
            for (int i = 0; i < SAMPLES_PER_TOOL; i++) {
                sketches.record(tool, (long) (median * Math.exp(random.nextGaussian())));
            }
        }
        long afterSketches = usedAfterGc();

        System.out.printf("tools: %,d (graph: %s)%n", names.size(), graph);
        System.out.printf("graph (ToolGraph + JGraphT model + compact form): %6.2f MB%n", mb(afterGraph - baseline));
        System.out.printf("health view + router (half the tools degraded, route cached): %6.2f MB%n", mb(afterHealth - afterGraph));
        System.out.printf("latency sketches (%,d samples per tool): %6.2f MB%n", SAMPLES_PER_TOOL, mb(afterSketches - afterHealth));
        System.out.printf("total: %6.2f MB (%,d bytes per tool)%n", mb(afterSketches - baseline),
                (afterSketches - baseline) / names.size());
        Reference.reachabilityFence(graph);
        Reference.reachabilityFence(router);
        Reference.reachabilityFence(sketches);
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            // a pause lets reference processing and any concurrent phase finish; this is a tool, not a test
            Thread.sleep(100);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
