package dev.detour.bench.atba;

import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A linear chain of tool steps, each served by a primary and a backup provider with the same
 * latency profile: the shape of a goal tool whose every step can be rerouted once.
 *
 * <p>The graph is {@code start → stage 1 (primary, cost 1 | backup, cost 2) → after-stage-1 → … →
 * done}, every tool read-only (so a timed-out call may be rerouted). With every tool healthy the
 * router takes the primaries; a failed primary is rerouted to its backup from the waypoint before
 * it, the last good vertex.
 *
 * @param stages the steps in order, each named once
 */
public record ToolChain(List<Stage> stages) {

    /** Base cost of the primary provider's transition. */
    static final double PRIMARY_COST = 1;
    /** Base cost of the backup provider's transition: dearer, so it runs only after a failure. */
    static final double BACKUP_COST = 2;

    /** Fetch (fast), geocode (medium), summarise (a slow LLM call), format (fast). */
    public static final ToolChain DEFAULT = new ToolChain(List.of(
            new Stage("fetch", new LatencyProfile(Duration.ofMillis(20), 0.6, 0.01, 10)),
            new Stage("geocode", new LatencyProfile(Duration.ofMillis(200), 0.8, 0.01, 10)),
            new Stage("summarise", new LatencyProfile(Duration.ofSeconds(2), 0.5, 0.01, 10)),
            new Stage("format", new LatencyProfile(Duration.ofMillis(20), 0.6, 0.01, 10))));

    public ToolChain {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one stage");
        }
        if (stages.stream().map(Stage::name).distinct().count() != stages.size()) {
            throw new IllegalArgumentException("stage names must be unique, were " + stages.stream().map(Stage::name).toList());
        }
    }

    /** One step of the chain. */
    public record Stage(String name, LatencyProfile latency) {
        public Stage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(latency, "latency");
        }

        String primaryTool() {
            return name + "@primary";
        }

        String backupTool() {
            return name + "@backup";
        }
    }

    /** The router-core graph of this chain. */
    public ToolGraph graph() {
        ToolGraph.Builder b = ToolGraph.builder("atba-chain").start("start");
        String before = "start";
        for (Stage stage : stages) {
            String after = "after-" + stage.name();
            b.tool(stage.name() + ".primary", stage.primaryTool(), Map.of(), ToolAnnotations.READ_ONLY)
                    .tool(stage.name() + ".backup", stage.backupTool(), Map.of(), ToolAnnotations.READ_ONLY)
                    .waypoint(after)
                    .transition(before, stage.name() + ".primary", PRIMARY_COST)
                    .transition(before, stage.name() + ".backup", BACKUP_COST)
                    .transition(stage.name() + ".primary", after, 0)
                    .transition(stage.name() + ".backup", after, 0);
            before = after;
        }
        return b.goal(before).build();
    }

    /**
     * The latency every tool of the chain would take in one request, drawn from {@code seed} alone:
     * the same seed gives the same draws whatever the strategy does with them. Each tool is called
     * at most once per request (a failed tool is excluded for the rest of it), so one draw per
     * tool is all a request needs. {@link SplittableRandom} rather than {@code java.util.Random}:
     * the latter's first outputs are correlated across consecutive seeds, which skewed the first
     * tool's draws (its median came out 35 % high).
     */
    public Map<String, Long> draw(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Long> latencies = new LinkedHashMap<>();
        for (Stage stage : stages) {
            latencies.put(stage.primaryTool(), stage.latency().sampleNanos(random));
            latencies.put(stage.backupTool(), stage.latency().sampleNanos(random));
        }
        return latencies;
    }

    /**
     * The median, over {@code samples} requests drawn from seeds {@code firstSeed, firstSeed + 1, …},
     * of the time the primaries alone take end to end: the chain time budgets are expressed in.
     */
    public long medianChainNanos(int samples, long firstSeed) {
        long[] totals = new long[samples];
        for (int i = 0; i < samples; i++) {
            Map<String, Long> draws = draw(firstSeed + i);
            long total = 0;
            for (Stage stage : stages) {
                total += draws.get(stage.primaryTool());
            }
            totals[i] = total;
        }
        Arrays.sort(totals);
        return totals[samples / 2];
    }

    /** Every tool of the chain, primaries and backups, in chain order. */
    public List<String> tools() {
        List<String> tools = new ArrayList<>();
        for (Stage stage : stages) {
            tools.add(stage.primaryTool());
            tools.add(stage.backupTool());
        }
        return tools;
    }
}
