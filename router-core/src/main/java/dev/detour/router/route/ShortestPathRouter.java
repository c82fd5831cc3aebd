package dev.detour.router.route;

import dev.detour.router.graph.ToolGraph;
import dev.detour.router.health.HealthView;
import dev.detour.router.health.ToolHealth;
import dev.detour.router.internal.CompactDijkstra;
import dev.detour.router.internal.CompactGraph;
import dev.detour.router.internal.StepStates;
import dev.detour.router.internal.ToolWeights;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Cheapest paths over a {@link ToolGraph} under the live {@link HealthView}: pure routing, no
 * invocation. Thread-safe.
 *
 * <p>Routes without per-request exclusions are cached per (from, to, branch). A cached route stays
 * valid across health changes that cannot make it suboptimal: a tool off the route getting worse.
 * Any tool getting better, or a tool on the route getting worse, forces a recomputation; so does a
 * change log that no longer reaches back far enough. {@link #stats()} counts which was which.
 */
public final class ShortestPathRouter {

    private final ToolGraph graph;
    private final CompactGraph compact;
    private final HealthView health;
    private final int[] healthSlots;
    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder computed = new LongAdder();
    private final LongAdder revalidated = new LongAdder();

    public ShortestPathRouter(ToolGraph graph, HealthView health) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.health = Objects.requireNonNull(health, "health");
        this.compact = graph.compiled();
        this.healthSlots = new int[compact.toolCount()];
        for (int t = 0; t < healthSlots.length; t++) {
            healthSlots[t] = health.slot(compact.toolName(t));
        }
    }

    public ToolGraph graph() {
        return graph;
    }

    public HealthView health() {
        return health;
    }

    /** The cheapest route from {@code from} to {@code to} in the scope of {@code from}. */
    public Optional<Route> route(String from, String to) {
        return route(from, to, null, Set.of());
    }

    /**
     * The cheapest route from {@code from} to {@code to}.
     *
     * @param branch        the fork branch to route in, or {@code null} for the scope of {@code from}
     * @param excludedTools tools to treat as unavailable for this query only (e.g. those that failed
     *                      earlier in the same request)
     * @return the route, or empty when every path crosses an unavailable tool
     */
    public Optional<Route> route(String from, String to, @Nullable String branch, Set<String> excludedTools) {
        return route(from, to, branch, excludedTools, Set.of(), Set.of());
    }

    /**
     * The cheapest route from {@code from} to {@code to} under one request's state.
     *
     * @param branch        the fork branch to route in, or {@code null} for the scope of {@code from}
     * @param excludedTools tools to treat as unavailable for this query only
     * @param reusedSteps   steps already done in the request: crossing one costs nothing (its output is
     *                      reused, it is not called again), whatever its tool's health
     * @param blockedSteps  steps that must not run in the request (they would repeat an effect)
     * @return the route, or empty when every path crosses an unavailable tool or a blocked step
     */
    public Optional<Route> route(String from, String to, @Nullable String branch, Set<String> excludedTools, Set<String> reusedSteps,
            Set<String> blockedSteps) {
        return route(from, to, branch, excludedTools, reusedSteps, blockedSteps, null);
    }

    /**
     * Like {@link #route(String, String, String, Set, Set, Set)}, but cheapest by {@code toolCost} (say,
     * each tool's expected latency in nanoseconds) instead of base cost: the route most likely to fit
     * a time budget. Never cached.
     */
    public Optional<Route> fastestRoute(String from, String to, @Nullable String branch, Set<String> excludedTools, Set<String> reusedSteps,
            Set<String> blockedSteps, ToDoubleFunction<String> toolCost) {
        return route(from, to, branch, excludedTools, reusedSteps, blockedSteps, Objects.requireNonNull(toolCost, "toolCost"));
    }

    private Optional<Route> route(String from, String to, @Nullable String branch, Set<String> excludedTools, Set<String> reusedSteps,
            Set<String> blockedSteps, @Nullable ToDoubleFunction<String> toolCost) {
        int source = vertex(from);
        int target = vertex(to);
        int scope = branch == null ? compact.scopeOf(source) : scopeOf(branch);
        if (excludedTools.isEmpty() && reusedSteps.isEmpty() && blockedSteps.isEmpty() && toolCost == null) {
            return cached(new Key(source, target, scope));
        }
        BitSet excluded = new BitSet();
        for (String tool : excludedTools) {
            int t = compact.toolIndex(tool);
            if (t >= 0) {
                excluded.set(t);
            }
        }
        ToolWeights weights = t -> excluded.get(t) ? ExcludedHealth.INSTANCE : health.health(healthSlots[t]);
        StepStates states = StepStates.NONE;
        if (!reusedSteps.isEmpty() || !blockedSteps.isEmpty()) {
            int[] byVertex = new int[compact.vertexCount()];
            blockedSteps.forEach(id -> byVertex[vertex(id)] = StepStates.BLOCKED);
            reusedSteps.forEach(id -> byVertex[vertex(id)] = StepStates.REUSED); // a step done is never blocked
            states = v -> byVertex[v];
        }
        double @Nullable [] costs = null;
        if (toolCost != null) {
            costs = new double[compact.toolCount()];
            for (int t = 0; t < costs.length; t++) {
                costs[t] = toolCost.applyAsDouble(compact.toolName(t));
            }
        }
        computed.increment();
        return Optional.ofNullable(toRoute(new CompactDijkstra(compact, weights, states, costs).route(source, target, scope)));
    }

    private Optional<Route> cached(Key key) {
        long epoch = health.epoch();
        Cached entry = cache.get(key);
        if (entry != null) {
            if (entry.epoch == epoch) {
                hits.increment();
                return Optional.ofNullable(entry.route);
            }
            if (stillOptimal(entry)) {
                revalidated.increment();
                cache.put(key, new Cached(entry.route, entry.slots, epoch));
                return Optional.ofNullable(entry.route);
            }
        }
        computed.increment();
        CompactDijkstra.Result result = new CompactDijkstra(compact, t -> health.health(healthSlots[t])).route(key.source, key.target, key.scope);
        Route route = toRoute(result);
        BitSet slots = new BitSet();
        if (result != null) {
            for (int t : result.tools()) {
                slots.set(healthSlots[t]);
            }
        }
        cache.put(key, new Cached(route, slots, epoch));
        return Optional.ofNullable(route);
    }

    private boolean stillOptimal(Cached entry) {
        boolean[] touched = {false};
        boolean complete = health.changesSince(entry.epoch, (slot, worsened) -> {
            // an infeasible entry has no slots: only an improvement can make it feasible
            if (!worsened || entry.slots.get(slot)) {
                touched[0] = true;
                return false;
            }
            return true;
        });
        return complete && !touched[0];
    }

    private @Nullable Route toRoute(CompactDijkstra.@Nullable Result result) {
        if (result == null) {
            return null;
        }
        // built straight into immutable collections: Route's defensive copies then cost nothing
        String[] vertices = new String[result.path().length];
        for (int i = 0; i < vertices.length; i++) {
            vertices[i] = compact.id(result.path()[i]);
        }
        String[] tools = new String[result.tools().length];
        for (int i = 0; i < tools.length; i++) {
            tools[i] = compact.toolName(result.tools()[i]);
        }
        return new Route(List.of(vertices), result.cost(), Set.copyOf(Arrays.asList(tools)));
    }

    private int vertex(String id) {
        int v = compact.indexOf(id);
        if (v < 0) {
            throw new IllegalArgumentException("unknown vertex '" + id + "' in graph '" + graph.name() + "'");
        }
        return v;
    }

    private int scopeOf(String branch) {
        int s = compact.scopeOf(branch);
        if (s < 0) {
            throw new IllegalArgumentException("unknown branch '" + branch + "' in graph '" + graph.name() + "'");
        }
        return s;
    }

    /** Counters since this router was created. */
    public Stats stats() {
        return new Stats(hits.sum(), revalidated.sum(), computed.sum());
    }

    /**
     * Routing counters.
     *
     * @param cacheHits    answered from the cache with no health change since
     * @param revalidated  health changed, but not in a way that touches the cached route: no recomputation
     * @param computed     Dijkstra runs
     */
    public record Stats(long cacheHits, long revalidated, long computed) {
    }

    private record Key(int source, int target, int scope) {
    }

    private record Cached(@Nullable Route route, BitSet slots, long epoch) {
    }

    /** The health of a tool excluded for one request. */
    private static final class ExcludedHealth {
        static final ToolHealth INSTANCE = ToolHealth.unavailable("failed earlier in this request");
    }
}
