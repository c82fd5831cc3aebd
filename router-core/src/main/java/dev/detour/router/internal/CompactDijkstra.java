package dev.detour.router.internal;

import dev.detour.router.health.EdgeWeights;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Dijkstra over a {@link CompactGraph}, with fork regions treated as super-edges.
 *
 * <p>Written by hand, not JGraphT's {@code DijkstraShortestPath}: the generic implementation boxes
 * vertices and weights and allocates per call, which measured ~10× slower at 100k vertices
 * (DESIGN.md, Performance notes). JGraphT stays the reference the tests compare against.
 *
 * <p>Determinism: the heap orders by (distance, vertex index) and a distance is only replaced by a
 * strictly smaller one, so equal-cost alternatives resolve by declaration order, every time.
 *
 * <p>Fork regions: routing in scope s relaxes only edges into vertices of scope s (or into the
 * target). A fork vertex of scope s gets one virtual edge to its join whose weight is the sum of
 * its branches' shortest paths (each routed in its own scope, recursively), or +∞ when any branch
 * has no path: cost is additive, like price or tokens.
 */
public final class CompactDijkstra {

    private static final ThreadLocal<Workspace[]> WORKSPACES = ThreadLocal.withInitial(() -> new Workspace[4]);

    private final CompactGraph g;
    private final ToolWeights weights;
    private final StepStates states;
    private final double @Nullable [] toolCosts;
    private final Map<Integer, @Nullable Result> regions = new HashMap<>();
    private int depth;

    /** A computation over one health snapshot; region costs are memoised for its lifetime. */
    public CompactDijkstra(CompactGraph graph, ToolWeights weights) {
        this(graph, weights, StepStates.NONE);
    }

    /** Like {@link #CompactDijkstra(CompactGraph, ToolWeights)} with per-request vertex states. */
    public CompactDijkstra(CompactGraph graph, ToolWeights weights, StepStates states) {
        this(graph, weights, states, null);
    }

    /**
     * Like {@link #CompactDijkstra(CompactGraph, ToolWeights, StepStates)}, with the cost of entering a
     * tool vertex taken from {@code toolCosts} (by tool index, e.g. expected latency) instead of the
     * transition's base cost; health still decides what is unavailable.
     */
    public CompactDijkstra(CompactGraph graph, ToolWeights weights, StepStates states, double @Nullable [] toolCosts) {
        this.g = graph;
        this.weights = weights;
        this.states = states;
        this.toolCosts = toolCosts;
    }

    /** True when {@code goal} can be reached from {@code start} with every tool healthy. */
    public static boolean reachableWhenAllHealthy(CompactGraph graph, String start, String goal) {
        int s = graph.indexOf(start);
        int t = graph.indexOf(goal);
        return s >= 0 && t >= 0 && new CompactDijkstra(graph, ToolWeights.ALL_HEALTHY).route(s, t, graph.scopeOf(s)) != null;
    }

    /**
     * The cheapest path from {@code source} to {@code target} within {@code scope}, or {@code null}
     * when every path crosses an unavailable tool.
     */
    public @Nullable Result route(int source, int target, int scope) {
        Workspace ws = acquire();
        depth++;
        try {
            return run(ws, source, target, scope);
        } finally {
            depth--;
        }
    }

    /** The cost and inner tools of a fork region: the sum over its branches, or null if infeasible. */
    public @Nullable Result region(int fork) {
        Result cached = regions.get(fork);
        if (cached != null || regions.containsKey(fork)) {
            return cached;
        }
        int join = g.joinOf[fork];
        double cost = 0;
        int[] branches = g.forkScopes[fork];
        int[][] parts = new int[branches.length][];
        int size = 0;
        @Nullable Result result = null;
        boolean feasible = true;
        for (int b = 0; b < branches.length; b++) {
            Result r = route(fork, join, branches[b]);
            if (r == null) {
                feasible = false;
                break;
            }
            cost += r.cost;
            parts[b] = r.tools;
            size += r.tools.length;
        }
        if (feasible) {
            int[] tools = new int[size];
            int at = 0;
            for (int[] part : parts) {
                System.arraycopy(part, 0, tools, at, part.length);
                at += part.length;
            }
            result = new Result(new int[] {fork, join}, cost, tools);
        }
        regions.put(fork, result);
        return result;
    }

    private Workspace acquire() {
        Workspace[] pool = WORKSPACES.get();
        if (depth >= pool.length) {
            pool = Arrays.copyOf(pool, depth * 2);
            WORKSPACES.set(pool);
        }
        Workspace ws = pool[depth];
        if (ws == null || ws.dist.length < g.vertexCount()) {
            ws = new Workspace(g.vertexCount());
            pool[depth] = ws;
        }
        ws.nextGeneration();
        return ws;
    }

    private @Nullable Result run(Workspace ws, int source, int target, int scope) {
        int[] sc = g.scope;
        ws.reach(source, 0.0, -1);
        ws.push(source);
        while (ws.heapSize > 0) {
            int u = ws.pop();
            if (u == target) {
                return pathTo(ws, target);
            }
            double du = ws.dist[u];
            int join = g.joinOf[u];
            if (join >= 0 && sc[u] == scope) {
                Result region = region(u);
                if (region != null) {
                    relax(ws, u, join, du + region.cost);
                }
                continue; // a fork's real edges lead into its branches, not this scope
            }
            int e = g.edgeStart[u];
            int end = g.edgeStart[u + 1];
            if (g.branchFork[scope] == u) { // routing a branch from its fork: only the edges into it
                e = g.branchEdgeStart[scope];
                end = g.branchEdgeEnd[scope];
            }
            for (; e < end; e++) {
                int v = g.edgeTarget[e];
                if (sc[v] != scope && v != target) {
                    continue;
                }
                int tool = g.vertexTool[v];
                double w;
                if (tool < 0) {
                    w = g.edgeCost[e];
                } else {
                    int state = states.of(v);
                    w = state == StepStates.REUSED ? 0
                            : state == StepStates.BLOCKED ? Double.POSITIVE_INFINITY
                            : EdgeWeights.effective(toolCosts == null ? g.edgeCost[e] : toolCosts[tool], weights.health(tool));
                }
                if (w != Double.POSITIVE_INFINITY) {
                    relax(ws, u, v, du + w);
                }
            }
        }
        return null;
    }

    private static void relax(Workspace ws, int u, int v, double d) {
        if (!ws.seen(v)) {
            ws.reach(v, d, u);
            ws.push(v);
        } else if (d < ws.dist[v] && ws.pos[v] >= 0) {
            ws.dist[v] = d;
            ws.pred[v] = u;
            ws.decrease(v);
        }
    }

    private Result pathTo(Workspace ws, int target) {
        int len = 0;
        for (int v = target; v >= 0; v = ws.pred[v]) {
            len++;
        }
        int[] path = new int[len];
        int size = 0;
        int i = len;
        for (int v = target; v >= 0; v = ws.pred[v]) {
            path[--i] = v;
            if (g.vertexTool[v] >= 0) {
                size++;
            }
            Result region = g.joinOf[v] >= 0 ? regions.get(v) : null;
            if (region != null) {
                size += region.tools.length;
            }
        }
        int[] tools = new int[size];
        int at = 0;
        for (int v : path) {
            if (g.vertexTool[v] >= 0) {
                tools[at++] = g.vertexTool[v];
            }
            Result region = g.joinOf[v] >= 0 ? regions.get(v) : null;
            if (region != null) {
                System.arraycopy(region.tools, 0, tools, at, region.tools.length);
                at += region.tools.length;
            }
        }
        return new Result(path, ws.dist[target], tools);
    }

    /**
     * A path of vertex indexes (a fork is followed directly by its join), its cost, and every tool
     * whose health can change its optimality (tools on it and inside the fork regions it crosses;
     * a tool used twice appears twice: a plain array, because a set sized to every tool of the graph
     * per branch made wide fork regions quadratic).
     */
    public record Result(int[] path, double cost, int[] tools) {
    }

    /** Reusable per-thread arrays; a generation stamp replaces clearing them. */
    private static final class Workspace {
        final double[] dist;
        final int[] pred;
        final int[] stamp;
        final int[] heap;
        final int[] pos;
        int heapSize;
        int generation;

        Workspace(int n) {
            dist = new double[n];
            pred = new int[n];
            stamp = new int[n];
            heap = new int[n];
            pos = new int[n];
        }

        void nextGeneration() {
            heapSize = 0;
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(stamp, 0);
                generation = 1;
            }
        }

        boolean seen(int v) {
            return stamp[v] == generation;
        }

        void reach(int v, double d, int p) {
            stamp[v] = generation;
            dist[v] = d;
            pred[v] = p;
        }

        private boolean less(int a, int b) {
            double da = dist[a];
            double db = dist[b];
            return da < db || (da == db && a < b);
        }

        void push(int v) {
            heap[heapSize] = v;
            pos[v] = heapSize;
            up(heapSize++);
        }

        int pop() {
            int top = heap[0];
            pos[top] = -1;
            int last = heap[--heapSize];
            if (heapSize > 0) {
                heap[0] = last;
                pos[last] = 0;
                down(0);
            }
            return top;
        }

        void decrease(int v) {
            up(pos[v]);
        }

        private void up(int i) {
            int v = heap[i];
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                int p = heap[parent];
                if (!less(v, p)) {
                    break;
                }
                heap[i] = p;
                pos[p] = i;
                i = parent;
            }
            heap[i] = v;
            pos[v] = i;
        }

        private void down(int i) {
            int v = heap[i];
            int half = heapSize >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int c = heap[child];
                int right = child + 1;
                if (right < heapSize && less(heap[right], c)) {
                    child = right;
                    c = heap[child];
                }
                if (!less(c, v)) {
                    break;
                }
                heap[i] = c;
                pos[c] = i;
                i = child;
            }
            heap[i] = v;
            pos[v] = i;
        }
    }
}
