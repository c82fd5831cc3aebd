package dev.detour.bench.reroute;

import dev.detour.bench.graphs.GeneratedGraphs;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Topology;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.route.ShortestPathRouter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * How many health changes needed no route recomputation: replays a seeded random sequence of
 * failures and recoveries on generated graphs, asks for the route from start to goal after each
 * one, and reads {@link ShortestPathRouter#stats()}.
 *
 * <p>Each change either takes a random healthy tool down (unavailable, or degraded by a penalty of
 * 2–10) or brings a random failed tool back, with equal odds, so about as many tools recover as
 * fail. Usage: {@code RecomputeShare [changes] [vertices...]}, defaults {@value #DEFAULT_CHANGES}
 * changes on 1,000 and 10,000 vertices.
 */
public final class RecomputeShare {

    /** Health changes replayed per graph. */
    static final int DEFAULT_CHANGES = 2_000;

    /** Chance that a failing tool becomes degraded rather than unavailable. */
    static final double DEGRADED_SHARE = 0.3;

    private RecomputeShare() {
    }

    public static void main(String[] args) {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_CHANGES;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000);
        }
        System.out.println("| topology | vertices | health changes | failures | no recomputation (all changes) | no recomputation (failures only) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int vertices : sizes) {
            for (Topology topology : Topology.values()) {
                System.out.println(replay(topology, vertices, changes, 20_260_301L));
            }
        }
    }

    /** Replays {@code changes} random health changes and formats one table row. */
    static String replay(Topology topology, int vertices, int changes, long seed) {
        ToolGraph graph = GeneratedGraphs.generate(topology, vertices, seed);
        HealthView health = new HealthView();
        ShortestPathRouter router = new ShortestPathRouter(graph, health);
        Random random = new Random(seed);
        List<String> tools = new ArrayList<>(graph.tools());
        Set<String> failed = new LinkedHashSet<>();
        router.route(GeneratedGraphs.START, GeneratedGraphs.GOAL);
        ShortestPathRouter.Stats before = router.stats();
        int failures = 0;
        long revalidatedOnFailure = 0;
        for (int i = 0; i < changes; i++) {
            long revalidated = router.stats().revalidated();
            boolean fails = failed.isEmpty() || random.nextBoolean();
            if (fails) {
                String tool = tools.get(random.nextInt(tools.size()));
                if (!failed.add(tool)) {
                    continue;
                }
                failures++;
                health.set(tool, random.nextDouble() < DEGRADED_SHARE
                        ? ToolHealth.degraded(2 + random.nextInt(9), "replay")
                        : ToolHealth.unavailable("replay"));
            } else {
                String tool = failed.stream().skip(random.nextInt(failed.size())).findFirst().orElseThrow();
                failed.remove(tool);
                health.set(tool, ToolHealth.healthy());
            }
            router.route(GeneratedGraphs.START, GeneratedGraphs.GOAL);
            if (fails) {
                revalidatedOnFailure += router.stats().revalidated() - revalidated;
            }
        }
        ShortestPathRouter.Stats after = router.stats();
        long revalidated = after.revalidated() - before.revalidated();
        long computed = after.computed() - before.computed();
        long total = revalidated + computed;
        return String.format("| %s | %,d | %,d | %,d | %.1f %% | %.1f %% |", topology, graph.steps().size(), total, failures,
                100.0 * revalidated / total, 100.0 * revalidatedOnFailure / failures);
    }
}
